// Webhooks with two instances on one Postgres database: writers on both, each event delivered
// once and in the outbox's order; kill -9 of the instance holding a delivery; kill -9 during
// writes (every acknowledged write has its event, and every event is a committed write).
import assert from "node:assert/strict";
import postgres from "postgres";
import { putConfig, state } from "./helpers/api.ts";
import { createWorld } from "./helpers/api.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { type Instance, startInstance, withLogs } from "./helpers/pg_instances.ts";
import { eventually } from "./helpers/wait.ts";
import { ok, type Receiver, startReceiver, verifyHit } from "./helpers/webhook_receiver.ts";

const ENV = { WEBHOOK_ALLOW_PRIVATE: "true", WEBHOOK_TIMEOUT_SECONDS: "1" };

async function withCluster(
  fn: (a: Instance, b: Instance, db: postgres.Sql, receiver: Receiver) => Promise<void>,
) {
  const database = await freshDatabase();
  const receiver = await startReceiver();
  const a = await startInstance(database.url, ENV);
  const b = await startInstance(database.url, ENV);
  const db = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    await withLogs([a, b], () => fn(a, b, db, receiver));
  } finally {
    await db.end();
    await a.dispose();
    await b.dispose();
    await receiver.stop();
    await database.drop();
  }
}

const bodies = (r: Receiver) => r.accepted().map((h) => JSON.parse(h.body));

Deno.test({
  name: "webhooks on Postgres: writers on two instances, each event delivered once, in order",
  ignore: pgUnavailable,
  fn: () =>
    withCluster(async (a, b, db, receiver) => {
      const world = await createWorld(a.su);
      const hook = await a.su.ok("POST", `/workspaces/${world.workspaceId}/webhooks`, {
        url: receiver.url,
        events: ["config.*"],
      });
      const writer = async (api: typeof a.su, name: string) => {
        for (let v = 0; v < 10; v++) await putConfig(api, world.projectId, name, state(v));
      };
      await Promise.all([writer(a.su, "on-a"), writer(b.su, "on-b")]);
      await eventually(() => assert.equal(receiver.accepted().length, 20), 20_000);
      await new Promise((r) => setTimeout(r, 500));
      const got = bodies(receiver);
      assert.equal(got.length, 20, "nothing delivered twice");
      assert.equal(new Set(got.map((e) => e.id)).size, 20);
      for (const name of ["on-a", "on-b"]) {
        const values = got.filter((e) => e.target.name === name).map((e) =>
          e.data.after.base.value
        );
        assert.deepEqual(values, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], name);
      }
      // The endpoint's queue order (seq) is the order of arrival.
      const queued = await db<{ event_id: string }[]>`
        SELECT event_id FROM webhook_deliveries WHERE endpoint_id = ${String(hook.body.id)}
        ORDER BY seq`;
      assert.deepEqual(got.map((e) => e.id), queued.map((q) => q.event_id));
      for (const hit of receiver.accepted()) verifyHit(String(hook.body.secret), hit);
    }),
});

Deno.test({
  name: "webhooks on Postgres: kill -9 of the instance mid-delivery; the other one finishes",
  ignore: pgUnavailable,
  fn: () =>
    withCluster(async (a, b, db, receiver) => {
      const world = await createWorld(a.su);
      await a.su.ok("POST", `/workspaces/${world.workspaceId}/webhooks`, {
        url: receiver.url,
        events: ["config.*"],
      });
      receiver.behave(() => "hang");
      await putConfig(a.su, world.projectId, "first", state(1));
      await putConfig(b.su, world.projectId, "second", state(2));
      await eventually(() => assert.ok(receiver.hits.length >= 1), 10_000);
      const [held] = await db<{ lease_owner: string }[]>`
        SELECT lease_owner FROM webhook_deliveries WHERE state = 'delivering'`;
      assert.ok(held, "a delivery is leased");
      const pid = Number(held.lease_owner.split("-")[0]);
      const [victim, survivor] = pid === a.pid ? [a, b] : [b, a];
      assert.equal(victim.pid, pid, `lease owner ${held.lease_owner}`);
      await victim.kill();
      receiver.behave(ok);
      // A change rings the survivor's doorbell; it waits out the dead instance's lease.
      await putConfig(survivor.su, world.projectId, "third", state(3));
      await eventually(() => assert.equal(receiver.accepted().length, 3), 30_000);
      const names = bodies(receiver).map((e) => e.target.name);
      assert.deepEqual(names, ["first", "second", "third"]);
      const first = receiver.hits.filter((h) => JSON.parse(h.body).target.name === "first");
      assert.ok(first.length >= 2, "the killed instance's attempt was made again");
      assert.equal(new Set(first.map((h) => h.id)).size, 1, "with the same webhook-id");
    }),
});

Deno.test({
  name: "webhooks on Postgres: kill -9 during writes; events match the committed writes",
  ignore: pgUnavailable,
  fn: () =>
    withCluster(async (a, b, _db, receiver) => {
      const world = await createWorld(b.su);
      await b.su.ok("POST", `/workspaces/${world.workspaceId}/webhooks`, {
        url: receiver.url,
        events: ["config.*"],
      });
      await putConfig(b.su, world.projectId, "burst", state(-1));
      const acknowledged: number[] = [];
      let stop = false;
      const writers = [0, 1, 2].map(async (w) => {
        for (let i = 0; !stop; i++) {
          const value = w * 10_000 + i;
          const res = await a.su.send("PUT", `/projects/${world.projectId}/configs/burst`, {
            description: "",
            editors: [],
            base: { value, schema: null, overrides: [] },
            variants: [],
          }).catch(() => null);
          if (!res) return;
          if (res.status === 200) acknowledged.push(value);
        }
      });
      await eventually(() => assert.ok(acknowledged.length >= 15), 20_000);
      await a.kill();
      stop = true;
      await Promise.all(writers);
      const versions = (await b.su.ok(
        "GET",
        `/projects/${world.projectId}/configs/burst/versions`,
      )).body.versions as { version: number }[];
      const committed = versions.length; // the create and every update that committed
      // A delivery cut off by the kill may be sent again, under the same webhook-id (at least
      // once, as Standard Webhooks receivers expect): count events by their id.
      const distinct = () => {
        const byId = new Map<string, string>();
        for (const hit of receiver.accepted()) {
          const seen = byId.get(hit.id);
          assert.ok(
            seen === undefined || seen === hit.body,
            `a resent ${hit.id} is the same event`,
          );
          byId.set(hit.id, hit.body);
        }
        return [...byId.values()].map((body) => JSON.parse(body));
      };
      await eventually(() => assert.equal(distinct().length, committed), 30_000);
      await new Promise((r) => setTimeout(r, 500));
      const events = distinct();
      assert.equal(events.length, committed, "one event per committed write, none for others");
      const values = new Set(events.map((e) => e.data.after.base.value as number));
      for (const v of acknowledged) assert.ok(values.has(v), `acknowledged ${v} has its event`);
      const current = (await b.su.ok("GET", `/projects/${world.projectId}/configs/burst`)).body;
      const last = events.at(-1)!.data.after.base.value;
      assert.equal(last, (current.base as { value: number }).value, "the last event is the state");
    }),
});
