// Postgres stopped and started again under running instances, on a private cluster (the shared
// Postgres serves other tests). While it is down: connected SDKs keep their streams and get
// heartbeats, new SDK clients get their init from the replica, an instance with a warm replica
// restarts and serves, one without a replica fails fast, admin requests get 503 and readiness
// says why. When it is back: writes work again (migrating first where needed) and every replica
// converges to Postgres.
import assert from "node:assert/strict";
import { MIGRATIONS } from "../src/store/migrations.gen.ts";
import { isUnavailable } from "../src/store/db.ts";
import { createPostgresStore } from "../src/store/postgres/postgres_store.ts";
import { silentLogger } from "../src/log.ts";
import { createSdkKey, createWorld, state, writeConfig } from "./helpers/api.ts";
import { clusterUnavailable, type PgCluster, startCluster } from "./helpers/pg_cluster.ts";
import {
  assertConverged,
  type Instance,
  loggedSteps,
  startInstance,
  withLogs,
} from "./helpers/pg_instances.ts";
import { runDialtone } from "./helpers/process.ts";
import { connectSdk, openStream, snapshot, SseReader, sync } from "./helpers/sdk.ts";
import { eventually } from "./helpers/wait.ts";

const ENV = {
  SSE_HEARTBEAT_SECONDS: "1",
  DATABASE_HEALTH_CHECK_SECONDS: "1",
  DATABASE_CONNECT_TIMEOUT_SECONDS: "2",
};

async function getJson(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

Deno.test({
  name: "Postgres stopped and started under running instances",
  ignore: clusterUnavailable,
  fn: async (t) => {
    const cluster: PgCluster = await startCluster();
    const instances: Instance[] = [];
    const step = loggedSteps(t, instances);
    const cleanups: (() => unknown)[] = [];
    try {
      await withLogs(instances, async () => {
        await cluster.sql("CREATE DATABASE dialtone");
        await cluster.sql("CREATE DATABASE unmigrated");
        const url = cluster.url("dialtone");
        instances.push(...await Promise.all([startInstance(url, ENV), startInstance(url, ENV)]));
        let [a, b] = instances as [Instance, Instance];
        const world = await createWorld(a.su);
        const { key } = await createSdkKey(a.su, world.projectId, world.env.Production!);
        assert.equal((await writeConfig(a.su, world.projectId, "flag", state(1))).status, 201);
        await sync(b);
        const client = await connectSdk(a.url, key);
        cleanups.push(() => client.disconnect());
        const stream = new SseReader(await openStream(a, key));
        cleanups.push(() => stream.cancel());
        await stream.until((r) => r.records.length === 1);

        await cluster.stop("fast");
        const fresh = createPostgresStore({ url: cluster.url("unmigrated") }, silentLogger);
        cleanups.push(() => fresh.close());

        await step("connected SDK clients keep their streams and get heartbeats", async () => {
          await a.waitForOutput(/Lost the Postgres LISTEN connection/);
          const before = stream.frames.length;
          await stream.until((r) =>
            r.frames.slice(before).filter((f) => f.comment === "ping").length >= 2
          );
          assert.equal(stream.done, false);
          assert.equal(client.get("flag"), 1);
        });

        await step("health stays 200; readiness is 503 and names the primary", async () => {
          const health = await getJson(`${a.url}/api/health`);
          assert.equal(health.status, 200);
          const ready = await getJson(`${a.url}/api/ready`);
          assert.equal(ready.status, 503);
          assert.equal(ready.body.status, "unavailable");
          assert.equal(ready.body.checks.primary, "unavailable");
          assert.equal(ready.body.checks.listen, "reconnecting");
          assert.match(
            ready.body.error,
            /the primary database is unavailable \(connection refused\)/,
          );
        });

        await step("admin writes and reads get 503 with a clear message", async () => {
          const write = await a.su.send("PUT", `/projects/${world.projectId}/configs/flag`, {
            description: "",
            editors: [],
            base: { value: 99, schema: null, overrides: [] },
            variants: [],
          });
          assert.equal(write.status, 503);
          assert.equal(write.body.code, "primary_unavailable");
          assert.match(String(write.body.error), /^The primary database is unavailable/);
          const read = await b.su.send("GET", `/projects/${world.projectId}/configs`);
          assert.equal(read.status, 503);
          await assert.rejects(
            fresh.write((tx) => tx.workspaces.create("W")),
            (e) => isUnavailable(e),
          );
        });

        await step("a new SDK client connects and gets its init from the replica", async () => {
          const late = await connectSdk(b.url, key);
          cleanups.push(() => late.disconnect());
          assert.equal(late.get("flag"), 1);
          assert.deepEqual(await snapshot(b.url, key), { flag: 1 });
        });

        await step("an instance restarted with a warm replica serves", async () => {
          await b.stop();
          b = await startInstance(url, ENV, b.dir);
          instances[1] = b;
          assert.match(b.output(), /serving SDKs from the replica and reconnecting/);
          const restarted = await connectSdk(b.url, key);
          cleanups.push(() => restarted.disconnect());
          assert.equal(restarted.get("flag"), 1);
          assert.equal((await getJson(`${b.url}/api/health`)).status, 200);
        });

        await step("an instance without a replica still fails fast", async () => {
          const empty = await Deno.makeTempDir({ prefix: "dialtone-cold-" });
          try {
            const cold = await runDialtone([], { DATABASE_URL: url, DATA_DIR: empty });
            assert.equal(cold.code, 1);
            assert.match(
              cold.stderr,
              /Cannot connect to Postgres at postgres:\/\/postgres@127\.0\.0\.1/,
            );
          } finally {
            await Deno.remove(empty, { recursive: true });
          }
        });

        await cluster.start();

        await step("once Postgres is back, writes work and every replica converges", async () => {
          await eventually(
            async () =>
              assert.equal(
                (await writeConfig(a.su, world.projectId, "flag", state(2))).status,
                200,
              ),
            15_000,
          );
          // B started while Postgres was down: its first write migrates (a no-op here) first.
          assert.equal((await writeConfig(b.su, world.projectId, "flag", state(3))).status, 200);
          assert.equal(
            (await writeConfig(b.su, world.projectId, "added", state(true))).status,
            201,
          );
          for (const instance of [a, b]) await assertConverged(instance, url);
          await eventually(() => assert.equal(client.get("flag"), 3), 5_000);
          await eventually(() => assert.equal(client.get("added"), true), 5_000);
          for (const instance of [a, b]) {
            await eventually(async () => {
              const ready = await getJson(`${instance.url}/api/ready`);
              assert.equal(ready.status, 200, JSON.stringify(ready.body));
              assert.deepEqual(ready.body.checks, { primary: "ok", listen: "ok", replica: "ok" });
            }, 10_000);
          }
        });

        await step(
          "a store created while Postgres was down migrates before its first write",
          async () => {
            const ws = await fresh.write((tx) => tx.workspaces.create("W"));
            assert.ok(ws.id);
            const versions = await fresh.read((tx) =>
              tx.db.all<{ version: number }>(`SELECT version FROM schema_migrations`)
            );
            assert.equal(versions.length, MIGRATIONS.postgres.length);
          },
        );
      });
    } finally {
      for (const cleanup of cleanups.reverse()) await cleanup();
      await Promise.all(instances.map((i) => i.dispose()));
      await cluster.destroy();
    }
  },
});
