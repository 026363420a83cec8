// Recovery of one instance's replica, with real processes on Postgres: after kill -9 in the
// middle of a write burst (every acknowledged write survives, and the replica resumes from its
// cursor), after its file is corrupted (rebuilt from Postgres), and after the change feed was
// pruned past its cursor while it was stopped (full resync).
import assert from "node:assert/strict";
import postgres from "postgres";
import { silentLogger } from "../src/log.ts";
import { startFeedPruner } from "../src/replica/feed_retention.ts";
import { openPostgresStore } from "../src/store/postgres/postgres_store.ts";
import { configBody, createSdkKey, createWorld, state, writeConfig } from "./helpers/api.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import {
  assertConverged,
  type Instance,
  loggedSteps,
  startInstance,
  withLogs,
} from "./helpers/pg_instances.ts";
import { replicaDigest } from "./helpers/replica_check.ts";
import { snapshot } from "./helpers/sdk.ts";

Deno.test({
  name: "replica recovery: kill -9 in a write burst, a corrupt file, a pruned feed",
  ignore: pgUnavailable,
  fn: async (t) => {
    const db = await freshDatabase();
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    const instances: Instance[] = [];
    const step = loggedSteps(t, instances);
    try {
      let a = await startInstance(db.url);
      instances.push(a);
      const restart = async () => {
        a = await startInstance(db.url, {}, a.dir);
        instances[0] = a;
      };
      const world = await withLogs(instances, () => createWorld(a.su));
      const { key } = await createSdkKey(a.su, world.projectId, world.env.Production!);

      await step("kill -9 during a write burst: acknowledged writes survive", async () => {
        const acknowledged: string[] = [];
        let killed = false;
        const worker = async (w: number) => {
          for (let i = 0;; i++) {
            const name = `w${w}-${i}`;
            try {
              const res = await a.su.send(
                "POST",
                `/projects/${world.projectId}/configs`,
                configBody(name, state({ w, i })),
              );
              if (res.status === 201) acknowledged.push(name);
              else throw new Error(`${name}: ${res.status} ${res.text}`);
            } catch (error) {
              if (killed) return; // the connection died with the process
              throw error;
            }
          }
        };
        const workers = Array.from({ length: 8 }, (_, w) => worker(w));
        while (acknowledged.length < 80) await new Promise((r) => setTimeout(r, 5));
        killed = true;
        await a.kill();
        await Promise.all(workers);
        const cursorAtKill = (await replicaDigest(a.replicaPath)).revision;
        assert.ok(cursorAtKill > 0);

        const rows = await sql<{ name: string; value: string }[]>`
          SELECT name, value FROM configs WHERE project_id = ${world.projectId}`;
        const stored = new Map(rows.map((r) => [r.name, JSON.parse(r.value)]));
        for (const name of acknowledged) {
          const [w, i] = name.slice(1).split("-").map(Number);
          assert.deepEqual(stored.get(name), { w, i }, `${name} was acknowledged`);
        }

        await restart();
        assert.doesNotMatch(a.output(), /Rebuilding the replica|Replica resync/);
        await assertConverged(a, db.url);
        const served = await snapshot(a.url, key);
        for (const name of acknowledged) assert.ok(name in served, `${name} in the replica`);
      });

      await step("a corrupt replica file is rebuilt from Postgres", async () => {
        assert.equal(await a.stop(), 0);
        const file = await Deno.open(a.replicaPath, { write: true });
        await file.write(new TextEncoder().encode("this is not a SQLite database ".repeat(8)));
        file.close();
        await restart();
        assert.match(a.output(), /Rebuilding the replica: the file cannot be read/);
        assert.match(a.output(), /Replica resync from a full snapshot","reason":"empty replica"/);
        await assertConverged(a, db.url);
        assert.deepEqual((await snapshot(a.url, key))["w0-0"], { w: 0, i: 0 });
      });

      await step("a replica behind the pruned feed does a full resync", async () => {
        assert.equal(await a.stop(), 0);
        const behind = (await replicaDigest(a.replicaPath)).revision;
        const store = await openPostgresStore({ url: db.url, maxConnections: 1 });
        try {
          for (const v of [1, 2, 3]) {
            await store.write(async (tx) => {
              const ws = await tx.workspaces.create(`later-${v}`);
              await tx.projects.create(ws.id, "P");
            });
          }
          // The real pruner, with its clock two hours ahead of a one-hour retention.
          const pruner = startFeedPruner(store, silentLogger, {
            retentionHours: 1,
            now: () => Date.now() + 2 * 3_600_000,
            firstDelayMs: 3_600_000,
          });
          const deleted = await pruner.prune();
          await pruner.stop();
          assert.ok(deleted > 0);
          const oldest = await store.read((tx) => tx.feed.oldest());
          assert.ok(oldest > behind + 1, `oldest ${oldest}, replica at ${behind}`);
        } finally {
          await store.close();
        }
        await restart();
        assert.match(a.output(), new RegExp(`"reason":"changes after ${behind} were pruned"`));
        await assertConverged(a, db.url);
        assert.equal(
          (await writeConfig(a.su, world.projectId, "after-resync", state(1))).status,
          201,
        );
        await assertConverged(a, db.url);
      });
    } finally {
      await Promise.all(instances.map((i) => i.dispose()));
      await sql.end();
      await db.drop();
    }
  },
});
