// Webhook delivery scenarios against a real receiver, run on SQLite (webhooks_delivery_test.ts)
// and on Postgres (webhooks_delivery_pg_test.ts) alike.
import assert from "node:assert/strict";
import { type Api, createWorld, putConfig, state } from "./api.ts";
import type { TestServer } from "./server.ts";
import { eventually } from "./wait.ts";
import { ok, type Receiver, startReceiver, verifyHit } from "./webhook_receiver.ts";

/** Fast retries and a short timeout, for startTestServer()'s options. */
export const FAST = {
  server: {
    webhooks: {
      timeoutMs: 400,
      retryDelaysMs: [50, 50, 80, 80, 100, 100, 100, 100],
      jitter: 0,
      safetyTimerMs: 1_000,
    },
  },
};

export type Hook = { id: string; secret: string };

export async function createHook(
  su: Api,
  workspaceId: string,
  url: string,
  extra = {},
): Promise<Hook> {
  const res = await su.ok("POST", `/workspaces/${workspaceId}/webhooks`, { url, ...extra });
  assert.equal(res.status, 201);
  return { id: String(res.body.id), secret: String(res.body.secret) };
}

export const deliveriesOf = async (su: Api, w: string, hook: Hook, query = "") =>
  (await su.ok("GET", `/workspaces/${w}/webhooks/${hook.id}/deliveries${query}`)).body
    .deliveries as {
      id: string;
      state: string;
      attempts: number;
      eventType: string;
      lastStatus: number | null;
      lastError: string | null;
      lastResponse: string | null;
    }[];

export const events = (r: Receiver) => r.accepted().map((h) => JSON.parse(h.body));

/** Fails 3 times, hangs past the timeout, is down for a while: every event arrives once, in order. */
export async function throughFailures(server: TestServer) {
  {
    const { su } = server;
    const world = await createWorld(su);
    // Fails 3 times, hangs past the timeout once, then is down for a while.
    const receiver = await startReceiver((_hit, n) => {
      if (n <= 3) return new Response("no", { status: 500 });
      if (n === 4) return "hang";
      return new Response("ok");
    });
    try {
      const hook = await createHook(su, world.workspaceId, receiver.url, { events: ["config.*"] });
      await putConfig(su, world.projectId, "flag", state(0));
      await eventually(() => assert.ok(receiver.hits.length >= 4), 5_000);
      await receiver.down();
      for (let i = 1; i <= 5; i++) await putConfig(su, world.projectId, "flag", state(i));
      // Down until two attempts found the port closed (4 failed before), within the budget of 9.
      await eventually(async () => {
        const head = (await deliveriesOf(su, world.workspaceId, hook)).at(-1)!;
        assert.ok(head.attempts >= 6, `attempts ${head.attempts}`);
        assert.match(String(head.lastError), /refused|connect/i);
      }, 10_000);
      await receiver.up();
      await eventually(() => assert.equal(receiver.accepted().length, 6), 10_000);
      await new Promise((r) => setTimeout(r, 300));
      const got = events(receiver);
      assert.deepEqual(got.map((e) => e.type), [
        "config.create",
        ...Array(5).fill("config.update"),
      ]);
      assert.deepEqual(got.map((e) => e.data.after.base.value), [0, 1, 2, 3, 4, 5]);
      assert.equal(new Set(got.map((e) => e.id)).size, 6, "each event once");
      for (const hit of receiver.accepted()) {
        assert.deepEqual(verifyHit(hook.secret, hit), JSON.parse(hit.body));
        assert.equal(hit.id, JSON.parse(hit.body).id, "webhook-id is the event id");
      }
      const first = got[0]!;
      assert.equal(first.workspace.id, world.workspaceId);
      assert.equal(first.project.id, world.projectId);
      assert.equal(first.actor.type, "superuser");
      assert.equal(first.target.name, "flag");
      const log = await deliveriesOf(su, world.workspaceId, hook);
      const created = log.find((d) => d.eventType === "config.create")!;
      assert.equal(created.state, "delivered");
      assert.ok(created.attempts >= 5, `attempts ${created.attempts}`);
    } finally {
      await receiver.stop();
    }
  }
}

/** Dead letters after the retry budget; a replay delivers them in their first order. */
export async function deadLettersAndReplay(server: TestServer) {
  {
    const { su } = server;
    const world = await createWorld(su);
    const receiver = await startReceiver(() => new Response("broken", { status: 503 }));
    try {
      const hook = await createHook(su, world.workspaceId, receiver.url, { events: ["config.*"] });
      await putConfig(su, world.projectId, "a", state(1));
      await putConfig(su, world.projectId, "b", state(2));
      await eventually(async () => {
        const dead = await deliveriesOf(su, world.workspaceId, hook, "?state=dead");
        assert.equal(dead.length, 2);
      }, 15_000);
      const dead = await deliveriesOf(su, world.workspaceId, hook, "?state=dead");
      assert.equal(dead[0]!.attempts, 9, "the first attempt and 8 retries");
      assert.equal(dead[0]!.lastStatus, 503);
      assert.equal(dead[0]!.lastResponse, "broken");
      assert.equal(receiver.accepted().length, 0);
      receiver.behave(ok);
      const replay = await su.ok(
        "POST",
        `/workspaces/${world.workspaceId}/webhooks/${hook.id}/replay-dead-letters`,
      );
      assert.equal(replay.body.replayed, 2);
      await eventually(() => assert.equal(receiver.accepted().length, 2), 5_000);
      assert.deepEqual(events(receiver).map((e) => e.target.name), ["a", "b"]);
    } finally {
      await receiver.stop();
    }
  }
}

/** 410 disables the endpoint; enabling it again delivers what waited. */
export async function goneDisables(server: TestServer) {
  {
    const { su } = server;
    const world = await createWorld(su);
    const receiver = await startReceiver(() => new Response("gone", { status: 410 }));
    try {
      const hook = await createHook(su, world.workspaceId, receiver.url, { events: ["config.*"] });
      const path = `/workspaces/${world.workspaceId}/webhooks/${hook.id}`;
      await putConfig(su, world.projectId, "a", state(1));
      await eventually(async () => {
        const e = (await su.ok("GET", path)).body;
        assert.equal(e.enabled, false);
        assert.match(String(e.disabledReason), /410 Gone/);
      });
      assert.equal(receiver.hits.length, 1);
      // Disabled: new events are not queued for it.
      await putConfig(su, world.projectId, "b", state(2));
      receiver.behave(ok);
      await su.ok("PATCH", path, { enabled: true });
      await eventually(() => assert.equal(receiver.accepted().length, 1), 5_000);
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(events(receiver).map((e) => e.target.name), ["a"]);
      assert.equal((await su.ok("GET", path)).body.disabledReason, null);
    } finally {
      await receiver.stop();
    }
  }
}
