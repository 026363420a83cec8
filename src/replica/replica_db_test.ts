import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { silentLogger } from "../log.ts";
import { replicaTables } from "./replica.ts";
import { openReplicaDb } from "./replica_db.ts";

async function withDir(fn: (dir: string) => Promise<void> | void) {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-replica-db-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("openReplicaDb() creates the schema and keeps data across reopen", () =>
  withDir((dir) => {
    const path = `${dir}/replica.db`;
    const first = openReplicaDb(path, silentLogger);
    const r = replicaTables(first);
    assert.equal(r.cursor(), -1);
    first.transaction(() => r.setCursor(42));
    first.close();
    const second = openReplicaDb(path, silentLogger);
    assert.equal(replicaTables(second).cursor(), 42);
    second.close();
  }));

Deno.test("openReplicaDb() rebuilds a replica with another schema version", () =>
  withDir((dir) => {
    const path = `${dir}/replica.db`;
    const old = new DatabaseSync(path);
    old.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    old.exec(`INSERT INTO meta VALUES ('schema_version', '0'), ('cursor', '99')`);
    old.close();
    const db = openReplicaDb(path, silentLogger);
    assert.equal(replicaTables(db).cursor(), -1);
    db.close();
  }));

Deno.test("openReplicaDb() replaces a file that is not a database", () =>
  withDir((dir) => {
    const path = `${dir}/replica.db`;
    Deno.writeTextFileSync(path, "this is not sqlite ".repeat(500));
    const db = openReplicaDb(path, silentLogger);
    assert.equal(replicaTables(db).cursor(), -1);
    db.close();
  }));

Deno.test("transaction() rolls back when the function throws", () =>
  withDir((dir) => {
    const db = openReplicaDb(`${dir}/replica.db`, silentLogger);
    const r = replicaTables(db);
    assert.throws(() =>
      db.transaction(() => {
        r.setCursor(7);
        throw new Error("boom");
      }), /boom/);
    assert.equal(r.cursor(), -1);
    db.close();
  }));
