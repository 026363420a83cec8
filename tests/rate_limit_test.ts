// Rate limits: the admin API per address and per caller, SDK stream connects per key; each a
// 429 JSON answer with Retry-After, set by its RATE_LIMIT_* setting.
import assert from "node:assert/strict";
import { userApi } from "./helpers/admin.ts";
import { createSdkKey, createWorld } from "./helpers/api.ts";
import { startTestApp } from "./helpers/app.ts";
import { startTestServer } from "./helpers/server.ts";

Deno.test("the admin API refuses an address past RATE_LIMIT_ADMIN_PER_IP with a 429", async () => {
  const app = await startTestApp({ RATE_LIMIT_ADMIN_PER_IP: "5" });
  try {
    for (let i = 0; i < 5; i++) assert.equal((await app.su.send("GET", "/workspaces")).status, 200);
    const res = await app.fetch(`${app.url}/api/admin/v1/auth/status`);
    assert.equal(res.status, 429, "sign-in routes count too");
    const retry = Number(res.headers.get("retry-after"));
    assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
    const body = await res.json();
    assert.equal(body.code, "too_many_requests");
    assert.match(body.error, /more than 5 a minute from 127\.0\.0\.1/);
  } finally {
    await app.stop();
  }
});

Deno.test("each caller has its own RATE_LIMIT_ADMIN_PER_CALLER budget", async () => {
  const app = await startTestApp({ RATE_LIMIT_ADMIN_PER_CALLER: "4" });
  try {
    const alice = await userApi(app, "alice@x.test");
    for (let i = 0; i < 4; i++) assert.equal((await app.su.send("GET", "/workspaces")).status, 200);
    const refused = await app.su.send("GET", "/workspaces");
    assert.equal(refused.status, 429);
    assert.match(refused.body.error as string, /more than 4 a minute from this caller/);
    assert.equal((await alice.send("GET", "/workspaces")).status, 200, "another caller goes on");
    // Unauthenticated requests have no caller to count.
    const doc = await app.fetch(`${app.url}/api/admin/v1/openapi.json`);
    await doc.body?.cancel();
    assert.equal(doc.status, 200);
  } finally {
    await app.stop();
  }
});

Deno.test("SDK stream connects past RATE_LIMIT_SDK_CONNECTS_PER_KEY get a 429", async () => {
  const server = await startTestServer({ RATE_LIMIT_SDK_CONNECTS_PER_KEY: "2" });
  const open: ReadableStreamDefaultReader<Uint8Array>[] = [];
  try {
    const w = await createWorld(server.su);
    const one = await createSdkKey(server.su, w.projectId, w.env.Production!);
    const two = await createSdkKey(server.su, w.projectId, w.env.Production!);
    const connect = (key: string) =>
      fetch(`${server.url}/api/sdk/v1/replication/stream`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ currentConfigs: [], requiredConfigs: [] }),
      });
    for (let i = 0; i < 2; i++) {
      const res = await connect(one.key);
      assert.equal(res.status, 200);
      open.push(res.body!.getReader());
    }
    const refused = await connect(one.key);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get("retry-after")) >= 1);
    assert.match((await refused.json()).error, /stream connects a minute with this SDK key/);
    const other = await connect(two.key);
    assert.equal(other.status, 200, "another key has its own budget");
    open.push(other.body!.getReader());
  } finally {
    for (const reader of open) await reader.cancel();
    await server.stop();
  }
});
