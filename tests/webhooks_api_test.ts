// The webhook admin routes over app.request() (SQLite): bad input names its field, forbidden
// targets are refused without WEBHOOK_ALLOW_PRIVATE, secrets are shown once and stored sealed,
// and the outbox holds one delivery per matching endpoint, written with the change.
import assert from "node:assert/strict";
import { createWorld, putConfig, state } from "./helpers/api.ts";
import { startTestApp } from "./helpers/app.ts";

Deno.test("webhooks API: bad input is a 400 naming the field", async () => {
  const app = await startTestApp();
  try {
    const { workspaceId: w } = await createWorld(app.su);
    const other = await createWorld(app.su);
    const path = `/workspaces/${w}/webhooks`;
    const cases: [unknown, string, RegExp][] = [
      [{ url: "not a url" }, "url", /must be an absolute http or https URL/],
      [{ url: "ftp://93.184.216.34/x" }, "url", /must use http or https, not ftp/],
      [{ url: "https://u:p@93.184.216.34/x" }, "url", /must not carry a user name or password/],
      [{ url: `https://93.184.216.34/${"x".repeat(2048)}` }, "url", /at most 2048 characters/],
      [{ url: "http://127.0.0.1:9/x" }, "url", /127\.0\.0\.1 is a loopback address/],
      [{ url: "http://localhost/x" }, "url", /"localhost" is a loopback name/],
      [{ url: "http://[::1]/x" }, "url", /::1 is a loopback address/],
      [{ url: "http://169.254.169.254/latest" }, "url", /a link-local address/],
      [{ url: "http://10.0.0.8/x" }, "url", /a private address/],
      [{ url: "http://[::ffff:192.168.0.1]/x" }, "url", /a private address/],
      [{ url: "https://93.184.216.34/x", events: [] }, "events", /at least one event type/],
      [
        { url: "https://93.184.216.34/x", events: Array.from({ length: 51 }, () => "*") },
        "events",
        /at most 50 entries/,
      ],
      [{ url: "https://93.184.216.34/x", events: ["Config.Update"] }, "events[0]", /event type/],
      [
        { url: "https://93.184.216.34/x", projectId: other.projectId },
        "projectId",
        /names no project of this workspace/,
      ],
      [
        { url: "https://93.184.216.34/x", environmentId: other.env.Production },
        "environmentId",
        /needs a projectId/,
      ],
      [{ url: "https://93.184.216.34/x", secret: "mine" }, "", /secret/],
    ];
    for (const [body, field, message] of cases) {
      const res = await app.su.send("POST", path, body);
      const label = JSON.stringify(body).slice(0, 80);
      assert.equal(res.status, 400, `${label}: ${res.text}`);
      assert.match(res.body.error!, message, label);
      if (field) {
        const paths = (res.body.issues as { path: string }[]).map((i) => i.path);
        assert.ok(paths.includes(field), `${label}: ${paths}`);
      }
    }
    const listed = await app.su.ok("GET", path);
    assert.deepEqual(listed.body.webhooks, []);
    const missing = await app.su.send("GET", `${path}/${crypto.randomUUID()}`);
    assert.equal(missing.status, 404);
    const elsewhere = await app.su.send("GET", `/workspaces/${w}/webhooks/not-an-id`);
    assert.equal(elsewhere.status, 400);
    assert.match(elsewhere.body.error!, /webhookId "not-an-id" must be an id/);
  } finally {
    await app.stop();
  }
});

Deno.test("webhooks API: the secret is shown once and stored sealed", async () => {
  const app = await startTestApp();
  try {
    const { workspaceId: w } = await createWorld(app.su);
    const created = await app.su.ok("POST", `/workspaces/${w}/webhooks`, {
      url: "https://93.184.216.34/hook?token=abc",
    });
    const secret = String(created.body.secret);
    assert.match(secret, /^whsec_/);
    const shown = await app.su.ok("GET", `/workspaces/${w}/webhooks/${created.body.id}`);
    assert.ok(!JSON.stringify(shown.body).includes(secret.slice(6)));
    const row = await app.store.read((tx) =>
      tx.db.get<{ secret: string }>(`SELECT secret FROM webhook_endpoints`)
    );
    assert.ok(row && !row.secret.includes(secret.slice(6)), "sealed at rest");
    const audit = await app.su.ok("GET", `/workspaces/${w}/audit-log`);
    const text = JSON.stringify(audit.body);
    assert.ok(!text.includes(secret.slice(6)), "not in the audit log");
    assert.ok(!text.includes("token=abc"), "the audit log records the host, not the URL");
    assert.match(text, /webhook\.create/);
  } finally {
    await app.stop();
  }
});

Deno.test("webhooks API: one delivery per matching endpoint, in the write's transaction", async () => {
  const app = await startTestApp();
  try {
    const world = await createWorld(app.su);
    const path = `/workspaces/${world.workspaceId}/webhooks`;
    const url = "https://93.184.216.34/hook";
    const everything = await app.su.ok("POST", path, { url, events: ["config.*"] });
    const devOnly = await app.su.ok("POST", path, {
      url,
      events: ["config.*"],
      projectId: world.projectId,
      environmentId: world.env.Development,
    });
    const keysOnly = await app.su.ok("POST", path, { url, events: ["sdk_key.*"] });
    const disabled = await app.su.ok("POST", path, { url, events: ["*"], enabled: false });
    await putConfig(app.su, world.projectId, "flag", state(1));
    // Only the Production variant changes: the Development endpoint is not told.
    await putConfig(
      app.su,
      world.projectId,
      "flag",
      state(1, [], [
        { environmentId: world.env.Production!, value: 2, overrides: [] },
      ]),
    );
    const failed = await app.su.send("POST", `/projects/${world.projectId}/configs`, {
      name: "bad",
      base: { value: "x", schema: { type: "number" } },
    });
    assert.equal(failed.status, 400);
    const count = async (id: unknown) =>
      ((await app.su.ok("GET", `${path}/${id}/deliveries`)).body.deliveries as {
        eventType: string;
      }[]).map((d) => d.eventType);
    assert.deepEqual(await count(everything.body.id), ["config.update", "config.create"]);
    assert.deepEqual(await count(devOnly.body.id), ["config.create"]);
    assert.deepEqual(await count(keysOnly.body.id), []);
    assert.deepEqual(await count(disabled.body.id), []);
    const bad = await app.su.send("GET", `${path}/${everything.body.id}/deliveries?state=lost`);
    assert.equal(bad.status, 400);
    assert.match(bad.body.error!, /state must be pending, delivering, delivered or dead/);
  } finally {
    await app.stop();
  }
});
