import assert from "node:assert/strict";
import { hashKey, parseKey } from "../auth/keys.ts";
import { Forbidden, Invalid, NotFound } from "../domain/errors.ts";
import { LIMITS } from "../domain/limits.ts";
import { createProject } from "./projects.ts";
import { createSdkKey, deleteSdkKey, listSdkKeys } from "./sdk_keys.ts";
import { keyCaller, openTestStore, type TestStore } from "./test_store.ts";
import { createWorkspace } from "./workspaces.ts";

async function twoProjects(t: TestStore) {
  const w = await createWorkspace(t.store, t.su, "W");
  const a = await createProject(t.store, t.su, w.id, "A", "");
  const b = await createProject(t.store, t.su, w.id, "B", "");
  const envOf = async (projectId: string) =>
    (await t.store.read((tx) => tx.environments.list(projectId)))[0]!;
  return { w, a, b, envA: await envOf(a.id), envB: await envOf(b.id) };
}

Deno.test("createSdkKey() returns the key once and stores only its hash", async () => {
  await using t = await openTestStore();
  const { a, envA } = await twoProjects(t);
  const { sdkKey, key } = await createSdkKey(t.store, t.su, a.id, {
    name: "web",
    description: "",
    environmentId: envA.id,
  });
  assert.deepEqual(parseKey("sdk", key), { id: sdkKey.id });
  const [listed] = await listSdkKeys(t.store, t.su, a.id);
  assert.equal(listed?.keyHash, hashKey(key));
  assert.ok(!JSON.stringify(listed).includes(key));
  const [entry] = await t.store.read((tx) => tx.audit.query({ projectId: a.id, limit: 1 }));
  assert.equal(entry?.action, "sdk_key.create");
  assert.ok(!JSON.stringify(entry).includes(key), "the audit row holds no key");
});

Deno.test("createSdkKey() refuses another project's environment", async () => {
  await using t = await openTestStore();
  const { a, envB } = await twoProjects(t);
  await assert.rejects(
    createSdkKey(t.store, t.su, a.id, { name: "x", description: "", environmentId: envB.id }),
    (e) => {
      assert.ok(e instanceof Invalid);
      assert.equal(
        e.message,
        `Cannot create an SDK key: environmentId "${envB.id}" names no environment of this project`,
      );
      assert.deepEqual(e.issues?.map((i) => i.path), ["environmentId"]);
      return true;
    },
  );
  assert.deepEqual(await listSdkKeys(t.store, t.su, a.id), []);
});

Deno.test("createSdkKey() stops at the per-project limit", async () => {
  await using t = await openTestStore();
  const { a, envA } = await twoProjects(t);
  await t.store.write(async (tx) => {
    for (let i = 0; i < LIMITS.maxSdkKeysPerProject; i++) {
      const id = crypto.randomUUID();
      await tx.sdkKeys.create({
        id,
        projectId: a.id,
        environmentId: envA.id,
        name: `k${i}`,
        description: "",
        keyHash: id,
        keyPrefix: "rp_",
        keySuffix: "0000",
      });
    }
  });
  const max = LIMITS.maxSdkKeysPerProject;
  await assert.rejects(
    createSdkKey(t.store, t.su, a.id, { name: "x", description: "", environmentId: envA.id }),
    new Invalid(`Cannot create an SDK key: the project has ${max}; the limit is ${max}`),
  );
});

Deno.test("deleteSdkKey() finds the key only in its own project", async () => {
  await using t = await openTestStore();
  const { a, b, envA } = await twoProjects(t);
  const input = { name: "web", description: "", environmentId: envA.id };
  const { sdkKey } = await createSdkKey(t.store, t.su, a.id, input);
  await assert.rejects(
    deleteSdkKey(t.store, t.su, b.id, sdkKey.id),
    new NotFound("other", `SDK key "${sdkKey.id}" not found in project "B"`),
  );
  await deleteSdkKey(t.store, t.su, a.id, sdkKey.id);
  assert.deepEqual(await listSdkKeys(t.store, t.su, a.id), []);
});

Deno.test("SDK key writes need sdk_key:write; reads accept it too", async () => {
  await using t = await openTestStore();
  const { w, a, envA } = await twoProjects(t);
  const reader = keyCaller(w.id, ["sdk_key:read"]);
  const input = { name: "web", description: "", environmentId: envA.id };
  await assert.rejects(createSdkKey(t.store, reader, a.id, input), Forbidden);
  assert.deepEqual(await listSdkKeys(t.store, reader, a.id), []);
  const writer = keyCaller(w.id, ["sdk_key:write"]);
  await createSdkKey(t.store, writer, a.id, input);
  assert.equal((await listSdkKeys(t.store, writer, a.id)).length, 1);
});
