// Config tags through the admin API, shared by the SQLite and Postgres tests: create, PATCH and
// PUT with tags, a Replane client's PUT that leaves them, the ?tag= filter, the limits, who may
// change them, and that a tags-only change makes no version.
import assert from "node:assert/strict";
import { ReplaneAdmin } from "@replanejs/admin";
import { LIMITS } from "../../src/domain/limits.ts";
import { type Api, createWorld } from "./api.ts";
import { keyApi, userApi } from "./admin.ts";
import type { Endpoint } from "./api.ts";
import type { Config } from "../../src/config/config.ts";
import type { Store } from "../../src/store/store.ts";

type Server = Endpoint & { config: Config; store: Store; su: Api };
type Listed = { name: string; tags: string[] };

export async function tagsScenario(server: Server): Promise<void> {
  const su = server.su;
  const w = await createWorld(su);
  const cfgs = `/projects/${w.projectId}/configs`;
  const names = async (query = "") =>
    ((await su.ok("GET", `${cfgs}${query}`)).body.configs as Listed[]).map((c) =>
      `${c.name}:${c.tags.join(",")}`
    );

  const created = await su.send("POST", cfgs, {
    name: "checkout-v2",
    base: { value: false },
    tags: [" Checkout", "team:growth", "checkout"],
  });
  assert.equal(created.status, 201, created.text);
  await su.ok("POST", cfgs, { name: "rate-limit", base: { value: 100 } });
  await su.ok("POST", cfgs, { name: "banner", base: { value: "hi" }, tags: ["team:growth"] });

  const got = await su.ok("GET", `${cfgs}/checkout-v2`);
  assert.deepEqual(got.body.tags, ["checkout", "team:growth"], "trimmed, lowercased, deduplicated");
  assert.deepEqual(await names(), [
    "banner:team:growth",
    "checkout-v2:checkout,team:growth",
    "rate-limit:",
  ]);
  assert.deepEqual(await names("?tag=team:growth"), [
    "banner:team:growth",
    "checkout-v2:checkout,team:growth",
  ]);
  assert.deepEqual(await names("?tag=Checkout"), ["checkout-v2:checkout,team:growth"]);
  assert.deepEqual(await names("?tag=nothing"), []);

  // PATCH of the tags alone: no new version, and an audit row.
  const patched = await su.send("PATCH", `${cfgs}/rate-limit`, { tags: ["ops"] });
  assert.equal(patched.status, 200, patched.text);
  assert.deepEqual(patched.body.tags, ["ops"]);
  assert.equal(patched.body.version, 1);
  const log = await su.ok(
    "GET",
    `/projects/${w.projectId}/audit-log?configName=rate-limit&limit=1`,
  );
  const [entry] = log.body.entries as { action: string; before: unknown; after: unknown }[];
  assert.equal(entry!.action, "config.tags");
  assert.deepEqual([entry!.before, entry!.after], [{ tags: [] }, { tags: ["ops"] }]);

  // PATCH of a value keeps the tags; PUT with tags replaces them.
  const value = await su.ok("PATCH", `${cfgs}/rate-limit`, { base: { value: 50 } });
  assert.deepEqual([value.body.version, value.body.tags], [2, ["ops"]]);
  const put = await su.send("PUT", `${cfgs}/rate-limit`, {
    description: "",
    editors: [],
    base: { value: 50, schema: null, overrides: [] },
    variants: [],
    tags: ["ops", "cleanup"],
  });
  assert.equal(put.status, 200, put.text);
  assert.deepEqual((await su.ok("GET", `${cfgs}/rate-limit`)).body.tags, ["cleanup", "ops"]);

  // The published Replane admin client knows nothing of tags: its GET → PUT leaves them.
  const admin = new ReplaneAdmin({ baseUrl: server.url, apiKey: su.auth.bearer! });
  const current = await admin.configs.get({ projectId: w.projectId, configName: "checkout-v2" });
  await admin.configs.update({
    projectId: w.projectId,
    configName: "checkout-v2",
    description: "new checkout",
    editors: current.editors,
    base: { ...current.base, value: true },
    variants: current.variants,
  });
  const after = await su.ok("GET", `${cfgs}/checkout-v2`);
  assert.deepEqual([after.body.description, after.body.tags], ["new checkout", [
    "checkout",
    "team:growth",
  ]]);
  // An empty list clears them.
  await su.ok("PATCH", `${cfgs}/checkout-v2`, { tags: [] });
  assert.deepEqual((await su.ok("GET", `${cfgs}/checkout-v2`)).body.tags, []);

  // Bad tags: a 400 naming each problem, nothing written.
  const bad = await su.send("PATCH", `${cfgs}/banner`, {
    tags: ["ok", "", "has space", "x".repeat(LIMITS.maxTagLength + 1)],
  });
  assert.equal(bad.status, 400, bad.text);
  assert.match(bad.body.error!, /tags\[1\]: a tag must not be empty/);
  assert.match(bad.text, /tags\[2\].*must start with a letter or digit/);
  assert.match(bad.text, new RegExp(`tags\\[3\\].*the limit is ${LIMITS.maxTagLength}`));
  const many = Array.from({ length: LIMITS.maxTagsPerConfig + 1 }, (_, i) => `t${i}`);
  const tooMany = await su.send("POST", cfgs, { name: "many", base: { value: 1 }, tags: many });
  assert.equal(tooMany.status, 400, tooMany.text);
  assert.match(tooMany.body.error!, /at most 20/);
  assert.equal((await su.send("GET", `${cfgs}/many`)).status, 404);
  const notList = await su.send("PATCH", `${cfgs}/banner`, { tags: "ops" });
  assert.equal(notList.status, 400, notList.text);
  assert.deepEqual((await su.ok("GET", `${cfgs}/banner`)).body.tags, ["team:growth"]);

  // A viewer may read tags but not change them; a read-only key likewise.
  const viewer = await userApi(server, "viewer@tags.test", { id: w.workspaceId, role: "member" });
  const listed = await viewer.ok("GET", `${cfgs}?tag=team:growth`);
  assert.equal((listed.body.configs as Listed[]).length, 1);
  assert.equal((await viewer.send("PATCH", `${cfgs}/banner`, { tags: ["x"] })).status, 403);
  const reader = await keyApi(server, w.workspaceId, ["config:read"]);
  assert.equal((await reader.send("PATCH", `${cfgs}/banner`, { tags: ["x"] })).status, 403);
  // Sending the same tags back is no change, so it needs no right.
  const same = await viewer.send("PATCH", `${cfgs}/banner`, { tags: ["team:growth"] });
  assert.equal(same.status, 200, same.text);

  // Deleting a config deletes its tags.
  assert.equal((await su.send("DELETE", `${cfgs}/banner`)).status, 204);
  await su.ok("POST", cfgs, { name: "banner", base: { value: "again" } });
  assert.deepEqual((await su.ok("GET", `${cfgs}/banner`)).body.tags, []);
}
