// Two server processes on one Postgres: changes through either reach SDKs on both, concurrent
// writers on both leave every replica identical to Postgres, and killing an instance's LISTEN
// connection during writes loses nothing. Convergence is awaited by reading the replica files,
// never through /testing/sync (which would wake the replicator itself), and within bounds well
// under the replicator's 30 s safety timer, so NOTIFY and the catch-up on re-LISTEN do the work.
import assert from "node:assert/strict";
import postgres from "postgres";
import { createSdkKey, createWorld, state, writeConfig } from "./helpers/api.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import {
  assertConverged,
  type Instance,
  loggedSteps,
  startInstance,
  withLogs,
} from "./helpers/pg_instances.ts";
import { connectSdk, openStream, SseReader, sync } from "./helpers/sdk.ts";
import { TcpProxy } from "./helpers/tcp_proxy.ts";
import { eventually } from "./helpers/wait.ts";

type Sql = ReturnType<typeof postgres>;

/** Backend pids of the LISTEN connections each instance (by process id) holds. */
async function listenBackends(sql: Sql, instance: Instance): Promise<number[]> {
  const rows = await sql<{ pid: number }[]>`
    SELECT pid FROM pg_stat_activity
    WHERE datname = current_database() AND application_name LIKE ${`dialtone-listen ${instance.pid}@%`}
      AND query ILIKE 'LISTEN%'`;
  return rows.map((r) => r.pid);
}

Deno.test({
  name: "two instances on one Postgres: SDKs, concurrent writers, a killed LISTEN connection",
  ignore: pgUnavailable,
  fn: async (t) => {
    const db = await freshDatabase();
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    const instances: Instance[] = [];
    const step = loggedSteps(t, instances);
    const readers: SseReader[] = [];
    const clients: { disconnect(): void }[] = [];
    try {
      await withLogs(instances, async () => {
        instances.push(...await Promise.all([startInstance(db.url), startInstance(db.url)]));
        const [a, b] = instances as [Instance, Instance];
        const world = await createWorld(a.su);
        const { key } = await createSdkKey(a.su, world.projectId, world.env.Production!);
        assert.equal((await writeConfig(a.su, world.projectId, "flag", state(1))).status, 201);
        await sync(b);

        await step("each instance holds exactly one LISTEN connection", async () => {
          assert.equal((await listenBackends(sql, a)).length, 1);
          // B may have caught up by its poll before the last reconnect finished.
          await eventually(
            async () => assert.equal((await listenBackends(sql, b)).length, 1),
            15_000,
          );
        });

        await step("a change written through A reaches the published SDK on B", async () => {
          const client = await connectSdk(b.url, key);
          clients.push(client);
          assert.equal(client.get("flag"), 1);
          const started = Date.now();
          assert.equal((await writeConfig(a.su, world.projectId, "flag", state(2))).status, 200);
          await eventually(() => assert.equal(client.get("flag"), 2), 5_000);
          assert.ok(Date.now() - started < 5_000);
        });

        await step("concurrent writers on both instances: replicas equal Postgres", async () => {
          const names = Array.from({ length: 40 }, (_, i) => `c${i}`);
          let acknowledged = 0;
          const statuses = new Map<string, number>();
          const worker = async (via: Instance, seed: number) => {
            for (let i = 0; i < 25; i++) {
              const name = names[(seed * 7 + i * 5) % names.length]!;
              const op = (seed + i) % 10;
              const res = op === 9
                ? await via.su.send("DELETE", `/projects/${world.projectId}/configs/${name}`)
                : await writeConfig(via.su, world.projectId, name, state({ seed, i }));
              const race = res.status === 400 &&
                /already exists|edited by another user/.test(res.text);
              const status = race ? "400 race" : String(res.status);
              statuses.set(status, (statuses.get(status) ?? 0) + 1);
              if (res.status < 300) acknowledged++;
            }
          };
          // 16 writers, 25 operations each: 400 admin requests, half through each instance.
          await Promise.all(
            Array.from({ length: 16 }, (_, n) => worker(n % 2 === 0 ? a : b, n)),
          );
          // Writers racing on one name get 404 (deleted meanwhile), 400 "already exists" or 409
          // (created by both at once), or 400 "edited by another user" (updated by both at once).
          const expected = ["200", "201", "204", "404", "409", "400 race"];
          const unexpected = [...statuses.keys()].filter((s) => !expected.includes(s));
          assert.deepEqual(unexpected, [], `statuses: ${JSON.stringify([...statuses])}`);
          assert.ok(acknowledged > 200, `statuses: ${JSON.stringify([...statuses])}`);
          await assertConverged(a, db.url, "A");
          await assertConverged(b, db.url, "B");
        });

        await step("B's LISTEN connection killed during writes: nothing is missed", async () => {
          const stream = new SseReader(await openStream(b, key));
          readers.push(stream);
          await stream.until((r) => r.records.length === 1);
          const killed: number[] = [];
          const writes = (async () => {
            for (let v = 1; v <= 60; v++) {
              assert.equal(
                (await writeConfig(a.su, world.projectId, "counter", state(v))).status,
                v === 1 ? 201 : 200,
              );
            }
          })();
          for (let round = 0; round < 3; round++) {
            const pids = await eventually(async () => {
              const found = await listenBackends(sql, b);
              assert.equal(found.length, 1, "B is listening again");
              assert.ok(!killed.includes(found[0]!), "on a new connection");
              return found;
              // Reconnecting takes a backoff step; a loaded CI machine stretched it past 5 s.
            }, 15_000);
            await sql`SELECT pg_terminate_backend(${pids[0]!})`;
            killed.push(pids[0]!);
            await new Promise((r) => setTimeout(r, 150));
          }
          await writes;
          // The last change is written while B's LISTEN connection is gone.
          await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE application_name LIKE ${`dialtone-listen ${b.pid}@%`}`;
          assert.equal(
            (await writeConfig(a.su, world.projectId, "counter", state(61))).status,
            200,
          );

          await assertConverged(b, db.url, "B after LISTEN kills");
          const seen = stream.records.flatMap((r) =>
            r.type === "config_change" && (r.config as { name: string }).name === "counter"
              ? [(r.config as { value: number }).value]
              : []
          );
          assert.deepEqual(seen, Array.from({ length: 61 }, (_, i) => i + 1));
          assert.match(b.output(), /Lost the Postgres LISTEN connection; reconnecting/);
          assert.match(b.output(), /Listening on Postgres again/);
          // B may have caught up by its poll before the last reconnect finished.
          await eventually(
            async () => assert.equal((await listenBackends(sql, b)).length, 1),
            15_000,
          );
        });
      });
    } finally {
      for (const c of clients) c.disconnect();
      for (const r of readers) await r.cancel();
      await Promise.all(instances.map((i) => i.dispose()));
      await sql.end();
      await db.drop();
    }
  },
});

Deno.test({
  name: "half-open connections to Postgres: the health check replaces them and B catches up",
  ignore: pgUnavailable,
  fn: async (t) => {
    const db = await freshDatabase();
    const proxy = new TcpProxy(Number(new URL(db.url).port || 5432));
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    const instances: Instance[] = [];
    const step = loggedSteps(t, instances);
    const readers: SseReader[] = [];
    try {
      const a = await startInstance(db.url);
      instances.push(a);
      const b = await startInstance(viaProxy.toString(), { DATABASE_HEALTH_CHECK_SECONDS: "1" });
      instances.push(b);
      const world = await withLogs(instances, () => createWorld(a.su));
      const { key } = await createSdkKey(a.su, world.projectId, world.env.Production!);
      assert.equal((await writeConfig(a.su, world.projectId, "flag", state(1))).status, 201);
      await sync(b);
      const stream = new SseReader(await openStream(b, key));
      readers.push(stream);
      await stream.until((r) => r.records.length === 1);

      await step("a write through A reaches B after B's sockets went silent", async () => {
        assert.ok(proxy.freezeExisting() >= 2, "B's pool and LISTEN connections are frozen");
        const started = Date.now();
        assert.equal((await writeConfig(a.su, world.projectId, "flag", state(2))).status, 200);
        // Well under the 30 s safety timer and the 30 s read deadline.
        await stream.until((r) => r.records.length === 2, 10_000);
        assert.deepEqual(stream.records[1]!.config, { name: "flag", value: 2, overrides: [] });
        assert.ok(Date.now() - started < 10_000);
        assert.match(b.output(), /Replacing the Postgres connection pool/);
        assert.match(b.output(), /Listening on Postgres again/);
      });

      await step("B's admin API works again on fresh connections", async () => {
        const write = writeConfig(b.su, world.projectId, "flag", state(3)).then((r) => r.status);
        write.catch(() => {}); // it may still settle after losing the race
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("B's admin write hung")), 10_000);
        });
        try {
          assert.equal(await Promise.race([write, late]), 200);
        } finally {
          clearTimeout(timer);
        }
        await stream.until((r) => r.records.length === 3, 5_000);
      });
    } finally {
      for (const r of readers) await r.cancel();
      await Promise.all(instances.map((i) => i.dispose()));
      await proxy.close();
      await db.drop();
    }
  },
});
