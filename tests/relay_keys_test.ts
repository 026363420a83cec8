// Relay keys over the admin API: scopes, validation that names the field, list, delete, the
// change feed rows every replica follows, and who may manage them.
import assert from "node:assert/strict";
import { parseKey } from "../src/auth/keys.ts";
import { keyApi, userApi } from "./helpers/admin.ts";
import { createWorld } from "./helpers/api.ts";
import { startTestApp } from "./helpers/app.ts";

Deno.test("relay keys: create with each scope, list without the key, delete", async () => {
  const app = await startTestApp();
  try {
    const { workspaceId: w, projectId: p, env } = await createWorld(app.su);
    const base = `/workspaces/${w}/relay-keys`;
    const whole = await app.su.ok("POST", base, { name: "edge" });
    assert.equal(whole.status, 201);
    assert.equal(whole.body.scope, "workspace");
    const key = String(whole.body.key);
    assert.deepEqual(parseKey("relay", key), { id: whole.body.id });
    assert.equal(String(whole.body.prefix), key.slice(0, 8));
    const projects = await app.su.ok("POST", base, { name: "p", projectIds: [p, p] });
    assert.equal(projects.body.scope, "projects");
    assert.deepEqual(projects.body.projectIds, [p]);
    const envs = await app.su.ok("POST", base, { name: "e", environmentIds: [env.Production] });
    assert.equal(envs.body.scope, "environments");
    assert.deepEqual(envs.body.environmentIds, [env.Production]);

    const list = await app.su.ok("GET", base);
    const listed = list.body.relayKeys as Record<string, unknown>[];
    assert.equal(listed.length, 3);
    assert.ok(listed.every((k) => k.key === undefined), "the full key is shown only once");
    assert.ok(!list.text.includes(key.slice(8, 40)), "no part of the secret is listed");

    assert.equal((await app.su.send("DELETE", `${base}/${whole.body.id}`)).status, 204);
    const again = await app.su.send("DELETE", `${base}/${whole.body.id}`);
    assert.equal(again.status, 404);
    assert.match(String(again.body.error), /Relay key ".*" not found/);
    assert.equal(((await app.su.ok("GET", base)).body.relayKeys as unknown[]).length, 2);

    // Creation and deletion are on the change feed, without the secret.
    const rows = await app.store.read((tx) =>
      tx.db.all<{ kind: string; payload: string }>(
        `SELECT kind, payload FROM changes WHERE kind LIKE 'relay_key%' ORDER BY revision`,
      )
    );
    assert.deepEqual(rows.map((r) => r.kind), [
      "relay_key",
      "relay_key",
      "relay_key",
      "relay_key_deleted",
    ]);
    assert.ok(rows.every((r) => !r.payload.includes(key)));
  } finally {
    await app.stop();
  }
});

Deno.test("relay keys: a bad scope is a 400 naming the field, and nothing is made", async () => {
  const app = await startTestApp();
  try {
    const { workspaceId: w, projectId: p, env } = await createWorld(app.su);
    const other = await createWorld(app.su);
    const base = `/workspaces/${w}/relay-keys`;
    const cases: [unknown, RegExp][] = [
      [{ name: "x", projectIds: [p], environmentIds: [env.Production] }, /not both/],
      [{ name: "x", projectIds: [] }, /projectIds is empty/],
      [{ name: "x", environmentIds: [] }, /environmentIds is empty/],
      [{ name: "x", projectIds: [other.projectId] }, /projectIds\[0\] ".*" names no project/],
      [
        { name: "x", environmentIds: [other.env.Production] },
        /environmentIds\[0\] ".*" names no environment of this workspace/,
      ],
      [{ name: "x", projectIds: "all" }, /projectIds/],
      [{ name: "x", scope: "workspace" }, /scope/],
      [{}, /name/],
    ];
    for (const [body, message] of cases) {
      const res = await app.su.send("POST", base, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      const issues = (res.body.issues ?? []) as { message: string }[];
      const said = [res.body.error, ...issues.map((i) => i.message)].join("; ");
      assert.match(said, message, JSON.stringify(body));
    }
    assert.equal(((await app.su.ok("GET", base)).body.relayKeys as unknown[]).length, 0);
    const missing = await app.su.send("POST", `/workspaces/${crypto.randomUUID()}/relay-keys`, {
      name: "x",
    });
    assert.equal(missing.status, 404);
  } finally {
    await app.stop();
  }
});

Deno.test("relay keys: only workspace admins manage them; API keys may not", async () => {
  const app = await startTestApp();
  try {
    const { workspaceId: w } = await createWorld(app.su);
    const member = await userApi(app, "member@x.test", { id: w, role: "member" });
    const res = await member.send("POST", `/workspaces/${w}/relay-keys`, { name: "x" });
    assert.equal(res.status, 403);
    assert.match(String(res.body.error), /Cannot manage relay keys/);
    const key = await keyApi(app, w, ["project:write", "sdk_key:write"]);
    const byKey = await key.send("GET", `/workspaces/${w}/relay-keys`);
    assert.equal(byKey.status, 403);
    assert.match(String(byKey.body.error), /API keys may not do this/);
  } finally {
    await app.stop();
  }
});

Deno.test("relay keys: deleting the workspace deletes its relay keys on the change feed", async () => {
  const app = await startTestApp();
  try {
    const { workspaceId: w } = await createWorld(app.su);
    const made = await app.su.ok("POST", `/workspaces/${w}/relay-keys`, { name: "edge" });
    await app.su.ok("DELETE", `/workspaces/${w}`);
    const rows = await app.store.read((tx) =>
      tx.db.all<{ kind: string; entity_id: string }>(
        `SELECT kind, entity_id FROM changes WHERE kind = 'relay_key_deleted'`,
      )
    );
    assert.deepEqual(rows.map((r) => r.entity_id), [made.body.id]);
  } finally {
    await app.stop();
  }
});
