import assert from "node:assert/strict";
import { hashKey, parseKey } from "../auth/keys.ts";
import { Forbidden, Invalid, NotFound } from "../domain/errors.ts";
import { createApiKey, deleteApiKey, listApiKeys, type NewApiKey } from "./api_keys.ts";
import { createProject } from "./projects.ts";
import { keyCaller, openTestStore, userCaller } from "./test_store.ts";
import { createWorkspace } from "./workspaces.ts";

const MISSING = "00000000-0000-4000-8000-000000000000";
const input = (more: Partial<NewApiKey> = {}): NewApiKey => ({
  name: "ci",
  description: "",
  scopes: ["config:read"],
  ...more,
});

Deno.test("createApiKey() returns the key once; the row and audit keep no key or hash", async () => {
  await using t = await openTestStore();
  const w = await createWorkspace(t.store, t.su, "W");
  const p = await createProject(t.store, t.su, w.id, "P", "");
  const admin = userCaller("ann@example.com", { [w.id]: "admin" });
  const { apiKey, key } = await createApiKey(
    t.store,
    admin,
    w.id,
    input({
      scopes: ["config:read", "config:read"],
      projectIds: [p.id, p.id],
      expiresAt: "2999-01-01T00:00:00+01:00",
    }),
  );
  assert.deepEqual(parseKey("admin", key), { id: apiKey.id });
  assert.equal(apiKey.keyHash, hashKey(key));
  assert.deepEqual(apiKey.scopes, ["config:read"], "duplicates dropped");
  assert.deepEqual(apiKey.projectIds, [p.id]);
  assert.equal(apiKey.expiresAt, "2998-12-31T23:00:00.000Z");
  assert.equal(apiKey.createdBy, "id-ann@example.com");
  const [entry] = await t.store.read((tx) => tx.audit.query({ workspaceId: w.id, limit: 1 }));
  assert.equal(entry?.action, "api_key.create");
  assert.equal((entry?.after as { prefix?: string }).prefix, apiKey.keyPrefix);
  const audited = JSON.stringify(entry);
  assert.ok(!audited.includes(key) && !audited.includes(apiKey.keyHash));
});

Deno.test("createApiKey() reports every unknown project and a past expiry at once", async () => {
  await using t = await openTestStore();
  const w = await createWorkspace(t.store, t.su, "W");
  const other = await createWorkspace(t.store, t.su, "Other");
  const foreign = await createProject(t.store, t.su, other.id, "Theirs", "");
  const request = input({ projectIds: [foreign.id, MISSING], expiresAt: "2001-01-01T00:00:00Z" });
  await assert.rejects(createApiKey(t.store, t.su, w.id, request), (e) => {
    assert.ok(e instanceof Invalid);
    assert.deepEqual(e.issues?.map((i) => i.path), ["projectIds[0]", "projectIds[1]", "expiresAt"]);
    assert.match(e.message, /^Cannot create an API key: projectIds\[0\] ".+" names no project/);
    return true;
  });
  assert.deepEqual(await listApiKeys(t.store, t.su, w.id), []);
});

Deno.test("API keys are managed by workspace admins only, never by a key", async () => {
  await using t = await openTestStore();
  const w = await createWorkspace(t.store, t.su, "W");
  const member = userCaller("bob@example.com", { [w.id]: "member" });
  await assert.rejects(listApiKeys(t.store, member, w.id), Forbidden);
  const key = keyCaller(w.id, ["project:write", "member:write"]);
  await assert.rejects(createApiKey(t.store, key, w.id, input()), Forbidden);
});

Deno.test("deleteApiKey() finds the key only in its own workspace", async () => {
  await using t = await openTestStore();
  const w = await createWorkspace(t.store, t.su, "W");
  const other = await createWorkspace(t.store, t.su, "Other");
  const { apiKey } = await createApiKey(t.store, t.su, w.id, input());
  await assert.rejects(
    deleteApiKey(t.store, t.su, other.id, apiKey.id),
    new NotFound("other", `API key "${apiKey.id}" not found in workspace "Other"`),
  );
  await deleteApiKey(t.store, t.su, w.id, apiKey.id);
  assert.deepEqual(await listApiKeys(t.store, t.su, w.id), []);
});
