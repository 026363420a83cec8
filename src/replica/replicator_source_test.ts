import assert from "node:assert/strict";
import { silentLogger } from "../log.ts";
import { openSqliteStore } from "../store/sqlite/sqlite_store.ts";
import type { Store } from "../store/store.ts";
import { replicaTables } from "./replica.ts";
import { openReplicaDb } from "./replica_db.ts";
import { createReplicator } from "./replicator.ts";

const ACTOR = { type: "system" as const, id: null };

async function seed(store: Store, configs: string[]): Promise<string[]> {
  return await store.write(async (tx) => {
    const ws = await tx.workspaces.create("W");
    const p = await tx.projects.create(ws.id, "P");
    const env = await tx.environments.create(p.id, "Production");
    for (const name of configs) {
      await tx.configs.create(p.id, name, {
        description: "",
        base: { value: name, schema: null, overrides: [] },
        variants: [],
        members: [],
      }, ACTOR);
    }
    return [env.id];
  });
}

async function follow(store: Store, replicaPath: string): Promise<string[][]> {
  const db = openReplicaDb(replicaPath, silentLogger);
  const replica = replicaTables(db);
  const replicator = createReplicator({ store, replica, publish: () => {}, log: silentLogger });
  try {
    await replicator.start();
    await replicator.waitFor(await store.read((tx) => tx.feed.head()));
    return replica.environmentIds(null).map((id) => [id, ...replica.renderedNames(id)]);
  } finally {
    await replicator.stop();
    db.close();
  }
}

Deno.test("replicator resyncs a replica that was filled from another database", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-source-" });
  const a = await openSqliteStore(`${dir}/a.db`);
  const b = await openSqliteStore(`${dir}/b.db`);
  try {
    const [envA] = await seed(a, ["from-a"]);
    // B is further along than A, so neither "empty" nor "head behind cursor" would notice.
    const [envB] = await seed(b, ["from-b-1", "from-b-2", "from-b-3", "from-b-4"]);
    assert.deepEqual(await follow(a, `${dir}/replica.db`), [[envA, "from-a"]]);
    const seen = await follow(b, `${dir}/replica.db`);
    assert.deepEqual(seen, [[envB, "from-b-1", "from-b-2", "from-b-3", "from-b-4"]]);
  } finally {
    await a.close();
    await b.close();
    await Deno.remove(dir, { recursive: true });
  }
});
