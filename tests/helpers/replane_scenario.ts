// The Replane admin client's whole journey, run by admin_api_test.ts (SQLite) and
// admin_api_pg_test.ts (Postgres): workspace → project → config → update with baseVersion →
// stale baseVersion → SDK key → delete.
import assert from "node:assert/strict";
import { ReplaneAdmin, ReplaneAdminError } from "@replanejs/admin";
import type { UpdateConfigRequest } from "@replanejs/admin";
import { type Endpoint, SUPERUSER_KEY } from "./api.ts";

const rejectsWith = (status: number, pattern: RegExp) => (e: unknown) => {
  assert.ok(e instanceof ReplaneAdminError, String(e));
  assert.equal(e.status, status, e.message);
  assert.match(e.message, pattern);
  return true;
};

export async function replaneScenario(server: Endpoint): Promise<void> {
  const admin = new ReplaneAdmin({
    baseUrl: server.url,
    apiKey: SUPERUSER_KEY,
    fetchFn: server.fetch,
  });

  const { id: workspaceId } = await admin.workspaces.create({ name: "Acme" });
  assert.ok((await admin.workspaces.list()).workspaces.some((w) => w.id === workspaceId));
  assert.equal((await admin.workspaces.get({ workspaceId })).name, "Acme");

  const { id: projectId } = await admin.projects.create({
    workspaceId,
    name: "Web",
    description: "the site",
  });
  await assert.rejects(
    admin.projects.create({ workspaceId, name: "Web", description: "" }),
    rejectsWith(400, /already used/),
  );
  assert.deepEqual(await admin.projects.update({ projectId, description: "our site" }), {
    id: projectId,
  });
  const project = await admin.projects.get({ projectId });
  assert.equal(project.description, "our site");
  assert.ok((await admin.projects.list()).projects.some((p) => p.id === projectId));

  const { environments } = await admin.environments.list({ projectId });
  assert.deepEqual(environments.map((e) => [e.name, e.order]), [["Production", 1], [
    "Development",
    2,
  ]]);
  const [prod, dev] = environments.map((e) => e.id) as [string, string];

  const { id: configId } = await admin.configs.create({
    projectId,
    name: "rate-limit",
    description: "requests per second",
    editors: ["Ed@Example.com"],
    base: {
      value: 100,
      schema: { type: "number" },
      overrides: [{
        name: "Enterprise",
        conditions: [{
          operator: "in",
          property: "orgId",
          value: { type: "literal", value: ["acme", "globex"] },
        }],
        value: 1000,
      }],
    },
    variants: [{ environmentId: dev, value: 5, schema: null, overrides: [], useBaseSchema: true }],
  });
  const created = await admin.configs.get({ projectId, configName: "rate-limit" });
  assert.equal(created.id, configId);
  assert.equal(created.version, 1);
  assert.deepEqual(created.editors, ["ed@example.com"]);
  // Override values come back as JSON, not as JSONC strings.
  assert.deepEqual(created.base.overrides[0]!.value, 1000);
  assert.deepEqual(created.variants, [{
    environmentId: dev,
    value: 5,
    schema: null,
    overrides: [],
    useBaseSchema: true,
  }]);

  await assert.rejects(
    admin.configs.create({ ...created, description: "", projectId, name: "rate-limit" }),
    rejectsWith(400, /already exists/),
  );
  await assert.rejects(
    admin.configs.create({
      projectId,
      name: "bad",
      description: "",
      editors: [],
      base: { value: "fast", schema: { type: "number" }, overrides: [] },
      variants: [],
    }),
    rejectsWith(400, /base\.value.*must be number/),
  );
  await assert.rejects(
    admin.configs.create({
      projectId,
      name: "bad",
      description: "",
      editors: [],
      base: { value: 1, schema: null, overrides: [] },
      variants: [{
        environmentId: crypto.randomUUID(),
        value: 1,
        schema: null,
        overrides: [],
        useBaseSchema: true,
      }],
    }),
    rejectsWith(400, /variants\[0\]\.environmentId/),
  );

  const update = (value: number, baseVersion: number): UpdateConfigRequest =>
    ({
      projectId,
      configName: "rate-limit",
      description: created.description ?? "",
      editors: created.editors,
      base: { ...created.base, value },
      variants: [{
        environmentId: prod,
        value: 50,
        schema: null,
        overrides: [],
        useBaseSchema: true,
      }],
      baseVersion,
    }) as UpdateConfigRequest;
  assert.deepEqual(await admin.configs.update(update(200, 1)), { id: configId, version: 2 });
  await assert.rejects(
    admin.configs.update(update(300, 1)),
    rejectsWith(400, /Config was edited by another user/),
  );
  const updated = await admin.configs.get({ projectId, configName: "rate-limit" });
  assert.equal(updated.version, 2);
  assert.equal(updated.base.value, 200);
  // Variants left out of a full update are deleted.
  assert.deepEqual(updated.variants.map((v) => v.environmentId), [prod]);
  // Without baseVersion, a GET → PUT round trip works.
  const { projectId: _, ...roundTrip } = { ...updated, projectId, configName: "rate-limit" };
  assert.equal(
    (await admin.configs.update({ ...roundTrip, projectId } as never) as {
      version: number;
    }).version,
    3,
  );

  const list = await admin.configs.list({ projectId });
  assert.deepEqual(list.configs.map((c) => [c.name, c.version]), [["rate-limit", 3]]);

  const key = await admin.sdkKeys.create({ projectId, name: "web", environmentId: prod });
  assert.match(key.key, /^rp_[0-9a-f]{80}$/);
  assert.equal(key.environmentId, prod);
  const second = await admin.sdkKeys.create({ projectId, name: "ios", environmentId: dev });
  assert.deepEqual((await admin.sdkKeys.list({ projectId })).sdkKeys.map((k) => k.name), [
    "ios",
    "web",
  ]);
  assert.ok(!("key" in (await admin.sdkKeys.list({ projectId })).sdkKeys[0]!));
  await admin.sdkKeys.delete({ projectId, sdkKeyId: second.id });
  await admin.sdkKeys.delete({ projectId, sdkKeyId: key.id });
  assert.deepEqual((await admin.sdkKeys.list({ projectId })).sdkKeys, []);

  assert.deepEqual(await admin.members.list({ projectId }), { members: [] });

  await admin.configs.delete({ projectId, configName: "rate-limit" });
  await assert.rejects(
    admin.configs.get({ projectId, configName: "rate-limit" }),
    rejectsWith(404, /^Config not found$/),
  );
  await assert.rejects(
    admin.configs.delete({ projectId, configName: "rate-limit" }),
    rejectsWith(404, /Config not found/),
  );

  await admin.projects.delete({ projectId });
  const [last] = (await admin.projects.list()).projects.filter((p) =>
    p.id !== projectId && (p as { workspaceId?: string }).workspaceId === workspaceId
  );
  await assert.rejects(
    admin.projects.delete({ projectId: last!.id }),
    rejectsWith(400, /last project/),
  );
  await admin.workspaces.delete({ workspaceId });
  await assert.rejects(admin.workspaces.get({ workspaceId }), rejectsWith(404, /not found/));
}
