// Webhook delivery in embedded mode (SQLite) against a real receiver: failures, timeouts,
// downtime, 410, dead letters and replay, redirects, huge answers, test events, redelivery,
// secret rotation and restarts.
import assert from "node:assert/strict";
import { Api, createWorld, putConfig, state } from "./helpers/api.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { eventually } from "./helpers/wait.ts";
import { ok, type Receiver, startReceiver, verifyHit } from "./helpers/webhook_receiver.ts";

const FAST = {
  server: {
    webhooks: {
      timeoutMs: 400,
      retryDelaysMs: [50, 50, 80, 80, 100, 100, 100, 100],
      jitter: 0,
      safetyTimerMs: 1_000,
    },
  },
};
const ENV = { WEBHOOK_ALLOW_PRIVATE: "true" };

type Hook = { id: string; secret: string };

async function createHook(su: Api, workspaceId: string, url: string, extra = {}): Promise<Hook> {
  const res = await su.ok("POST", `/workspaces/${workspaceId}/webhooks`, { url, ...extra });
  assert.equal(res.status, 201);
  return { id: String(res.body.id), secret: String(res.body.secret) };
}

const deliveriesOf = async (su: Api, w: string, hook: Hook, query = "") =>
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

const events = (r: Receiver) => r.accepted().map((h) => JSON.parse(h.body));

async function withServer(fn: (s: TestServer) => Promise<void>, env = ENV) {
  const server = await startTestServer(env, FAST);
  try {
    await fn(server);
  } finally {
    await server.stop();
  }
}

Deno.test("webhooks: every event arrives once, signed, in order, through failures", async () => {
  await withServer(async (server) => {
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
      await new Promise((r) => setTimeout(r, 400));
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
  });
});

Deno.test("webhooks: dead letters after the retry budget; replay delivers them in order", async () => {
  await withServer(async (server) => {
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
  });
});

Deno.test("webhooks: 410 disables the endpoint; enabling it again delivers", async () => {
  await withServer(async (server) => {
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
  });
});

Deno.test("webhooks: redirects are not followed and answers are read only in part", async () => {
  await withServer(async (server) => {
    const { su } = server;
    const world = await createWorld(su);
    const target = await startReceiver();
    const huge = new Uint8Array(8 * 1024 * 1024).fill(120);
    const receiver = await startReceiver((_hit, n) =>
      n === 1
        ? new Response(null, { status: 302, headers: { location: target.url } })
        : new Response(huge)
    );
    try {
      const hook = await createHook(su, world.workspaceId, receiver.url, { events: ["config.*"] });
      await putConfig(su, world.projectId, "a", state(1));
      await eventually(() => assert.equal(receiver.hits.length, 2), 5_000);
      await eventually(async () => {
        const [d] = await deliveriesOf(su, world.workspaceId, hook);
        assert.equal(d!.state, "delivered");
        assert.equal(d!.lastResponse!.length, 1024);
      });
      assert.equal(target.hits.length, 0, "the redirect target was never called");
      const hits = receiver.hits.length;
      // An answer that never ends is cut off by the timeout.
      receiver.behave(() =>
        new Response(
          new ReadableStream({
            pull: async (c) => {
              await new Promise((r) => setTimeout(r, 20));
              c.enqueue(new Uint8Array(16));
            },
          }),
        )
      );
      await putConfig(su, world.projectId, "a", state(2));
      await eventually(async () => {
        const [d] = await deliveriesOf(su, world.workspaceId, hook);
        assert.match(String(d!.lastError), /did not finish within 400 ms/);
      }, 5_000);
      assert.ok(receiver.hits.length > hits);
    } finally {
      await receiver.stop();
      await target.stop();
    }
  });
});

Deno.test("webhooks: test events, redelivery and secret rotation with an overlap", async () => {
  await withServer(async (server) => {
    const { su } = server;
    const world = await createWorld(su);
    const receiver = await startReceiver();
    try {
      const hook = await createHook(su, world.workspaceId, receiver.url, { events: ["sdk_key.*"] });
      const path = `/workspaces/${world.workspaceId}/webhooks/${hook.id}`;
      const test = await su.ok("POST", `${path}/test`);
      assert.equal(test.status, 201);
      assert.equal(test.body.eventType, "webhook.test");
      await eventually(() => assert.equal(receiver.accepted().length, 1));
      const [event] = events(receiver);
      assert.equal(event.type, "webhook.test");
      verifyHit(hook.secret, receiver.accepted()[0]!);

      await su.ok("POST", `${path}/deliveries/${test.body.id}/redeliver`);
      await eventually(() => assert.equal(receiver.accepted().length, 2));
      assert.equal(receiver.accepted()[1]!.id, event.id, "a redelivery keeps the webhook-id");

      const rotated = await su.ok("POST", `${path}/rotate-secret`, { overlapHours: 1 });
      const fresh = String(rotated.body.secret);
      assert.notEqual(fresh, hook.secret);
      assert.ok(rotated.body.previousSecretExpiresAt);
      await su.ok("POST", `${path}/test`);
      await eventually(() => assert.equal(receiver.accepted().length, 3));
      const signedTwice = receiver.accepted()[2]!;
      verifyHit(fresh, signedTwice);
      verifyHit(hook.secret, signedTwice);

      await su.ok("POST", `${path}/rotate-secret`, { overlapHours: 0 });
      const listed = (await su.ok("GET", `/workspaces/${world.workspaceId}/webhooks`)).body
        .webhooks as Record<string, unknown>[];
      assert.equal(listed[0]!.previousSecretExpiresAt, null);
      assert.ok(!("secret" in listed[0]!), "the secret is never listed");
    } finally {
      await receiver.stop();
    }
  });
});

Deno.test("webhooks: deliveries wait out a restart; a rolled-back write has no event", async () => {
  const receiver = await startReceiver();
  const dir = await Deno.makeTempDir({ prefix: "dialtone-webhooks-" });
  try {
    let server = await startTestServer(ENV, { ...FAST, dir });
    const world = await createWorld(server.su);
    await createHook(server.su, world.workspaceId, receiver.url, { events: ["config.*"] });
    await receiver.down();
    await putConfig(server.su, world.projectId, "kept", state(1));
    const bad = await server.su.send("POST", `/projects/${world.projectId}/configs`, {
      name: "bad",
      base: { value: "x", schema: { type: "number" } },
    });
    assert.equal(bad.status, 400, bad.text);
    await server.stop();
    await receiver.up();
    server = await startTestServer(ENV, { ...FAST, dir });
    try {
      await eventually(() => assert.equal(receiver.accepted().length, 1), 5_000);
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(events(receiver).map((e) => e.target.name), ["kept"]);
    } finally {
      await server.stop();
    }
  } finally {
    await receiver.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("webhooks: a host that resolves to a private address is refused at delivery", async () => {
  const server = await startTestServer({}, {
    server: { webhooks: { ...FAST.server.webhooks, resolve: () => Promise.resolve(["10.1.2.3"]) } },
  });
  try {
    const world = await createWorld(server.su);
    // The name does not resolve when the webhook is saved, so saving is allowed; the dispatcher
    // checks again before each attempt.
    const rebound = await createHook(
      server.su,
      world.workspaceId,
      "https://rebinding.invalid/hook",
      { events: ["config.*"] },
    );
    await putConfig(server.su, world.projectId, "a", state(1));
    await eventually(async () => {
      const [d] = await deliveriesOf(server.su, world.workspaceId, rebound);
      assert.match(
        String(d?.lastError),
        /Refused to call the URL: "rebinding.invalid" resolves to 10.1.2.3/,
      );
    }, 5_000);
  } finally {
    await server.stop();
  }
});
