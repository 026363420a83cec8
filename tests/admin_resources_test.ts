// Environments (copy, rename, reorder, delete), members of workspaces, projects and
// configs, and admin API keys.
import assert from "node:assert/strict";
import { Api, createWorld } from "./helpers/api.ts";
import { startTestApp } from "./helpers/app.ts";

type Env = { id: string; name: string; order: number };

Deno.test("environments: create with copy-from, rename, reorder, delete; the last is kept", async () => {
  const server = await startTestApp();
  const { su } = server;
  try {
    const { projectId: p, env } = await createWorld(su);
    const base = `/projects/${p}/environments`;
    await su.send("POST", `/projects/${p}/configs`, {
      name: "limit",
      base: { value: 1 },
      variants: [{ environmentId: env.Development, value: 2 }],
    });
    await su.send("POST", `/projects/${p}/configs`, { name: "plain", base: { value: 0 } });

    const staging = await su.send("POST", base, { name: "Staging", copyFrom: env.Development });
    assert.equal(staging.status, 201, staging.text);
    assert.equal(staging.body.order, 3);
    const limit = await su.send("GET", `/projects/${p}/configs/limit`);
    assert.equal(limit.body.version, 2);
    assert.deepEqual(
      (limit.body.variants as { environmentId: string; value: number }[]).map((v) => v.value),
      [2, 2],
    );
    assert.equal((await su.send("GET", `/projects/${p}/configs/plain`)).body.version, 1);
    assert.equal((await su.send("POST", base, { name: "Staging" })).status, 409);
    const badCopy = await su.send("POST", base, { name: "X", copyFrom: crypto.randomUUID() });
    assert.equal(badCopy.status, 400);
    assert.equal((badCopy.body.issues as { path: string }[])[0]!.path, "copyFrom");

    const sid = String(staging.body.id);
    assert.equal((await su.send("PATCH", `${base}/${sid}`, { name: "QA" })).body.name, "QA");
    assert.equal((await su.send("PATCH", `${base}/${sid}`, { name: "Production" })).status, 409);

    const order = [sid, env.Production!, env.Development!];
    const reordered = await su.send("PUT", `${base}/order`, { environmentIds: order });
    assert.deepEqual((reordered.body.environments as Env[]).map((e) => [e.name, e.order]), [
      ["QA", 1],
      ["Production", 2],
      ["Development", 3],
    ]);
    const badOrder = await su.send("PUT", `${base}/order`, { environmentIds: [sid] });
    assert.equal(badOrder.status, 400);
    assert.match(badOrder.body.error!, /each of the project's 3 environments/);

    const key = await su.send("POST", `/projects/${p}/sdk-keys`, {
      name: "qa",
      environmentId: sid,
    });
    assert.equal(key.status, 201);
    assert.equal((await su.send("DELETE", `${base}/${sid}`)).status, 204);
    const after = await su.send("GET", `/projects/${p}/configs/limit`);
    assert.equal(after.body.version, 3);
    assert.equal((after.body.variants as unknown[]).length, 1);
    assert.deepEqual((await su.send("GET", `/projects/${p}/sdk-keys`)).body.sdkKeys, []);
    assert.equal((await su.send("DELETE", `${base}/${sid}`)).status, 404);

    assert.equal((await su.send("DELETE", `${base}/${env.Development}`)).status, 204);
    const last = await su.send("DELETE", `${base}/${env.Production}`);
    assert.equal(last.status, 400);
    assert.match(last.body.error!, /last environment/);
  } finally {
    await server.stop();
  }
});

Deno.test("members: workspace, project and config members by normalized email", async () => {
  const server = await startTestApp();
  const { su } = server;
  try {
    const { workspaceId: w, projectId: p } = await createWorld(su);
    const wm = `/workspaces/${w}/members`;
    const added = await su.send("POST", wm, { email: " Bob@Example.com ", role: "admin" });
    assert.equal(added.status, 201, added.text);
    assert.equal(added.body.email, "bob@example.com");
    assert.equal(
      (await su.send("POST", wm, { email: "bob@example.com", role: "member" })).status,
      409,
    );
    const lastAdmin = await su.send("PATCH", `${wm}/bob@example.com`, { role: "member" });
    assert.equal(lastAdmin.status, 400);
    assert.match(lastAdmin.body.error!, /last admin/);
    await su.send("POST", wm, { email: "carol@example.com", role: "admin" });
    assert.equal(
      (await su.send("PATCH", `${wm}/BOB@example.com`, { role: "member" })).body.role,
      "member",
    );
    assert.equal((await su.send("DELETE", `${wm}/nobody@example.com`)).status, 404);
    assert.equal((await su.send("POST", wm, { email: "x", role: "member" })).status, 400);
    assert.equal((await su.send("POST", wm, { email: "x@y.z", role: "owner" })).status, 400);

    const pm = `/projects/${p}/members`;
    const outsider = await su.send("POST", pm, { email: "dave@example.com", role: "admin" });
    assert.equal(outsider.status, 400);
    assert.equal(outsider.body.code, "not_workspace_member", outsider.text);
    assert.equal((outsider.body.issues as { path: string }[])[0]!.path, "email");
    const badEmail = await su.send("POST", pm, { email: "x", role: "admin" });
    assert.equal(badEmail.status, 400);
    assert.equal(badEmail.body.code, "bad_request", "other bad input keeps the general code");
    assert.equal(
      (await su.send("POST", pm, { email: "bob@example.com", role: "maintainer" })).status,
      201,
    );
    assert.deepEqual(
      ((await su.send("GET", pm)).body.members as { email: string; role: string }[]).map((
        m,
      ) => [m.email, m.role]),
      [["bob@example.com", "maintainer"]],
    );
    assert.equal((await su.send("DELETE", `${pm}/bob@example.com`)).status, 204);
    assert.deepEqual((await su.send("GET", pm)).body.members, []);

    await su.send("POST", `/projects/${p}/configs`, { name: "c", base: { value: 1 } });
    const cm = `/projects/${p}/configs/c/members`;
    const editor = await su.send("POST", cm, { email: "Eve@example.com", role: "editor" });
    assert.deepEqual(editor.body, { email: "eve@example.com", role: "editor", version: 2 });
    const promoted = await su.send("PATCH", `${cm}/eve@example.com`, {
      role: "maintainer",
      baseVersion: 2,
    });
    assert.equal(promoted.body.version, 3);
    assert.equal(
      (await su.send("PATCH", `${cm}/eve@example.com`, { role: "editor", baseVersion: 2 })).status,
      409,
    );
    const config = await su.send("GET", `/projects/${p}/configs/c`);
    assert.deepEqual([config.body.editors, config.body.maintainers], [[], ["eve@example.com"]]);
    // A Replane PUT without `maintainers` keeps them.
    await su.send("PUT", `/projects/${p}/configs/c`, {
      editors: ["fay@example.com"],
      base: { value: 2 },
    });
    assert.deepEqual((await su.send("GET", cm)).body.members, [
      { email: "eve@example.com", role: "maintainer" },
      { email: "fay@example.com", role: "editor" },
    ]);
    const both = await su.send("PUT", `/projects/${p}/configs/c`, {
      editors: ["eve@example.com"],
      base: { value: 2 },
    });
    assert.equal(both.status, 400);
    assert.equal((both.body.issues as { path: string }[])[0]!.path, "editors[0]");
    assert.equal((await su.send("DELETE", `${cm}/eve@example.com`)).status, 204);
  } finally {
    await server.stop();
  }
});

Deno.test("admin API keys: the token is shown once, scopes and projects bind it, delete revokes", async () => {
  const server = await startTestApp();
  const { su } = server;
  try {
    const { workspaceId: w, projectId: p } = await createWorld(su);
    const other = await su.send("POST", `/workspaces/${w}/projects`, { name: "Other" });
    const base = `/workspaces/${w}/api-keys`;
    const created = await su.send("POST", base, {
      name: "ci",
      scopes: ["config:write"],
      projectIds: [p],
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    assert.equal(created.status, 201, created.text);
    const token = String(created.body.key);
    assert.match(token, /^rpa_[0-9a-f]{80}$/);
    const listed = (await su.send("GET", base)).body.apiKeys as Record<string, unknown>[];
    assert.equal(listed.length, 1);
    assert.equal("key" in listed[0]!, false);
    assert.equal(listed[0]!.prefix, token.slice(0, 8));
    assert.deepEqual(listed[0]!.projectIds, [p]);

    const key = new Api(server, { bearer: token });
    assert.equal(
      (await key.send("POST", `/projects/${p}/configs`, { name: "a", base: { value: 1 } })).status,
      201,
    );
    assert.equal((await key.send("GET", `/projects/${other.body.id}/configs`)).status, 403);
    assert.equal((await key.send("GET", `/projects/${p}/sdk-keys`)).status, 403);
    assert.equal((await key.send("GET", base)).status, 403);
    assert.equal((await key.send("POST", base, { name: "x", scopes: [] })).status, 403);
    const used = (await su.send("GET", base)).body.apiKeys as { lastUsedAt: string | null }[];
    assert.ok(used[0]!.lastUsedAt !== null);

    const foreign = await su.send("POST", base, {
      name: "x",
      scopes: [],
      projectIds: [crypto.randomUUID()],
    });
    assert.equal(foreign.status, 400);
    assert.equal((foreign.body.issues as { path: string }[])[0]!.path, "projectIds[0]");
    const expired = await su.send("POST", base, {
      name: "x",
      scopes: [],
      expiresAt: "2000-01-01T00:00:00Z",
    });
    assert.equal((expired.body.issues as { path: string }[])[0]!.path, "expiresAt");
    const scope = await su.send("POST", base, { name: "x", scopes: ["config:admin"] });
    assert.equal((scope.body.issues as { path: string }[])[0]!.path, "scopes[0]");

    assert.equal((await su.send("DELETE", `${base}/${created.body.id}`)).status, 204);
    const revoked = await key.send("GET", `/projects/${p}/configs`);
    assert.equal(revoked.status, 401);
    assert.equal((await su.send("DELETE", `${base}/${created.body.id}`)).status, 404);
  } finally {
    await server.stop();
  }
});
