// Webhook delivery in embedded mode (SQLite) against a real receiver: failures, timeouts,
// downtime, 410, dead letters and replay, redirects, huge answers, test events, redelivery,
// secret rotation and restarts.
import assert from "node:assert/strict";
import { createWorld, putConfig, state } from "./helpers/api.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { eventually } from "./helpers/wait.ts";
import { startReceiver, verifyHit } from "./helpers/webhook_receiver.ts";
import {
  createHook,
  deadLettersAndReplay,
  deliveriesOf,
  events,
  FAST,
  goneDisables,
  throughFailures,
} from "./helpers/webhook_scenarios.ts";

const ENV = { WEBHOOK_ALLOW_PRIVATE: "true" };

async function withServer(fn: (s: TestServer) => Promise<void>, env = ENV) {
  const server = await startTestServer(env, FAST);
  try {
    await fn(server);
  } finally {
    await server.stop();
  }
}

Deno.test("webhooks: every event arrives once, signed, in order, through failures", () =>
  withServer(throughFailures));

Deno.test("webhooks: dead letters after the retry budget; replay delivers them in order", () =>
  withServer(deadLettersAndReplay));

Deno.test("webhooks: 410 disables the endpoint; enabling it again delivers", () =>
  withServer(goneDisables));

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
