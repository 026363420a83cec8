import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { createLogger, silentLogger } from "../log.ts";
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

/** A logger that keeps each line's message. */
function recording() {
  const lines: string[] = [];
  const log = createLogger({
    level: "debug",
    format: "json",
    write: (line) => lines.push(JSON.parse(line).msg),
  });
  return { log, lines };
}

Deno.test("openReplicaDb() on a new file (a fresh DATA_DIR) logs no rebuild", () =>
  withDir((dir) => {
    const { log, lines } = recording();
    const path = `${dir}/replica.db`;
    openReplicaDb(path, log).close();
    // An empty file left by an earlier run that stopped before creating the schema.
    new DatabaseSync(`${dir}/empty.db`).close();
    openReplicaDb(`${dir}/empty.db`, log).close();
    assert.deepEqual(lines.filter((l) => /Rebuilding/.test(l)), []);
    const db = openReplicaDb(path, log);
    assert.equal(replicaTables(db).cursor(), -1);
    db.close();
    assert.deepEqual(lines.filter((l) => /Rebuilding/.test(l)), [], "nor on reopening");
  }));

Deno.test("openReplicaDb() rebuilds a replica with another schema version", () =>
  withDir((dir) => {
    const { log, lines } = recording();
    const path = `${dir}/replica.db`;
    const old = new DatabaseSync(path);
    old.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    old.exec(`INSERT INTO meta VALUES ('schema_version', '0'), ('cursor', '99')`);
    old.close();
    const db = openReplicaDb(path, log);
    assert.equal(replicaTables(db).cursor(), -1);
    db.close();
    assert.deepEqual(lines, ["Rebuilding the replica: its schema is from another version"]);
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
