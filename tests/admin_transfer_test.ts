// Export and import in Replane's format, the evaluate endpoint, and the OpenAPI document.
import assert from "node:assert/strict";
import { loadConfig } from "../src/config/config.ts";
import { adminApi } from "../src/http/admin/mod.ts";
import { ADMIN_ROUTES } from "../src/http/admin/routes.ts";
import { silentLogger } from "../src/log.ts";
import { openSqliteStore } from "../src/store/sqlite/sqlite_store.ts";
import { createWorld } from "./helpers/api.ts";
import { startTestApp } from "./helpers/app.ts";

const ref = (projectId: string, configName: string, path: (string | number)[]) => ({
  type: "reference",
  projectId,
  configName,
  path,
});

Deno.test("export → import round trip: environment mapping, skip and replace", async () => {
  const server = await startTestApp();
  const { su } = server;
  try {
    const a = await createWorld(su);
    await su.send("POST", `/projects/${a.projectId}/configs`, {
      name: "orgs",
      base: { value: { beta: ["acme"] }, schema: { type: "object" } },
    });
    const flag = await su.send("POST", `/projects/${a.projectId}/configs`, {
      name: "flag",
      description: "beta flag",
      base: {
        value: false,
        overrides: [{
          name: "beta",
          conditions: [{
            operator: "in",
            property: "org",
            value: ref(a.projectId, "orgs", ["beta"]),
          }],
          value: true,
        }],
      },
      variants: [{ environmentId: a.env.Development, value: true, useBaseSchema: false }],
    });
    assert.equal(flag.status, 201, flag.text);
    const exported = await su.send("GET", `/projects/${a.projectId}/export`);
    assert.equal(exported.status, 200);
    const doc = exported.body as { projectName: string; configs: { name: string }[] };
    assert.deepEqual(doc.configs.map((c) => c.name), ["flag", "orgs"]);

    const b = await su.send("POST", `/workspaces/${a.workspaceId}/projects`, { name: "B" });
    const bid = String(b.body.id);
    const bEnvs = (await su.send("GET", `/projects/${bid}/environments`)).body
      .environments as { id: string; name: string }[];
    const dev = bEnvs.find((e) => e.name === "Development")!;
    await su.send("PATCH", `/projects/${bid}/environments/${dev.id}`, { name: "Staging" });

    const unmapped = await su.send("POST", `/projects/${bid}/import`, { data: doc });
    assert.equal(unmapped.status, 400);
    assert.equal(
      (unmapped.body.issues as { path: string }[])[0]!.path,
      "data.configs[0].variants[0].environmentName",
    );
    assert.deepEqual((await su.send("GET", `/projects/${bid}/configs`)).body.configs, []);

    const imported = await su.send("POST", `/projects/${bid}/import`, {
      data: doc,
      environmentMap: { Development: "Staging" },
    });
    assert.deepEqual(imported.body, { created: ["flag", "orgs"], replaced: [], skipped: [] });
    const copy = await su.send("GET", `/projects/${bid}/configs/flag`);
    const cond = ((copy.body.base as { overrides: { conditions: { value: unknown }[] }[] })
      .overrides[0]!.conditions[0]!).value;
    assert.deepEqual(cond, ref(bid, "orgs", ["beta"]));
    assert.deepEqual(
      (copy.body.variants as { environmentId: string }[]).map((v) => v.environmentId),
      [dev.id],
    );
    const back = await su.send("GET", `/projects/${bid}/export`);
    const strip = (d: unknown) =>
      JSON.stringify((d as { configs: unknown }).configs)
        .replaceAll(a.projectId, "P").replaceAll(bid, "P").replaceAll("Staging", "Development");
    assert.equal(strip(back.body), strip(doc));

    const skipped = await su.send("POST", `/projects/${bid}/import`, {
      data: doc,
      environmentMap: { Development: null },
    });
    assert.deepEqual(skipped.body, { created: [], replaced: [], skipped: ["flag", "orgs"] });
    const replaced = await su.send("POST", `/projects/${bid}/import`, {
      data: doc,
      onConflict: "replace",
      environmentMap: { Development: null },
    });
    assert.deepEqual(replaced.body, { created: [], replaced: ["flag", "orgs"], skipped: [] });
    const after = await su.send("GET", `/projects/${bid}/configs/flag`);
    assert.equal(after.body.version, 2);
    assert.deepEqual(after.body.variants, []);
    const log = await su.send("GET", `/projects/${bid}/audit-log?limit=1`);
    assert.equal((log.body.entries as { action: string }[])[0]!.action, "project.import");

    const twice = await su.send("POST", `/projects/${bid}/import`, {
      data: { configs: [{ name: "x", value: 1 }, { name: "x", value: 2 }] },
    });
    assert.equal((twice.body.issues as { path: string }[])[0]!.path, "data.configs[1].name");
  } finally {
    await server.stop();
  }
});

Deno.test("evaluate: renders for the environment, resolves references, explains the match", async () => {
  const server = await startTestApp();
  const { su } = server;
  try {
    const { projectId: p, env } = await createWorld(su);
    await su.send("POST", `/projects/${p}/configs`, {
      name: "orgs",
      base: { value: { beta: ["acme"] } },
      variants: [{ environmentId: env.Development, value: { beta: ["acme", "globex"] } }],
    });
    await su.send("POST", `/projects/${p}/configs`, {
      name: "limit",
      base: {
        value: 10,
        overrides: [{
          name: "beta orgs",
          conditions: [{ operator: "in", property: "org", value: ref(p, "orgs", ["beta"]) }],
          value: 100,
        }],
      },
    });
    const evaluate = (environmentId: string, context: unknown) =>
      su.send("POST", `/projects/${p}/configs/limit/evaluate`, { environmentId, context });

    const prod = await evaluate(env.Production!, { org: "globex" });
    assert.equal(prod.status, 200, prod.text);
    assert.equal(prod.body.value, 10);
    assert.equal(prod.body.matchedOverride, null);
    assert.deepEqual((prod.body.trace as { result: string }[]).map((t) => t.result), [
      "not_matched",
    ]);
    const dev = await evaluate(env.Development!, { org: "globex" });
    assert.deepEqual([dev.body.value, dev.body.matchedOverride], [100, 0]);
    const [t] = dev.body.trace as { conditions: { expected: unknown; result: string }[] }[];
    assert.deepEqual(t!.conditions[0]!.expected, ["acme", "globex"]);
    const missing = await evaluate(env.Development!, {});
    assert.equal((missing.body.trace as { result: string }[])[0]!.result, "unknown");

    const badEnv = await evaluate(crypto.randomUUID(), {});
    assert.equal((badEnv.body.issues as { path: string }[])[0]!.path, "environmentId");
    const huge = await evaluate(env.Development!, { big: "x".repeat(70_000) });
    assert.equal(huge.status, 400);
    assert.match(huge.body.error!, /context is \d+ bytes/);
    assert.equal((await evaluate(env.Development!, [1])).status, 400);
    const gone = await su.send("POST", `/projects/${p}/configs/nope/evaluate`, {
      environmentId: env.Development,
      context: {},
    });
    assert.equal(gone.status, 404);
  } finally {
    await server.stop();
  }
});

Deno.test("the OpenAPI document is valid JSON, lists every mounted route, and its refs resolve", async () => {
  const server = await startTestApp();
  const dir = await Deno.makeTempDir();
  const store = await openSqliteStore(`${dir}/db.sqlite`);
  try {
    const res = await server.fetch(`${server.url}/api/admin/v1/openapi.json`);
    assert.equal(res.status, 200);
    const doc = JSON.parse(await res.text());
    assert.equal(doc.openapi, "3.1.0");

    const loaded = loadConfig({ DATA_DIR: dir, SECRET_KEY: "x".repeat(32) });
    assert.ok(loaded.ok);
    const app = adminApi({ config: loaded.config, store, log: silentLogger } as never);
    const mounted = app.routes
      .filter((r) => r.method !== "ALL")
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`);
    // Health and readiness are listed too, with their own server (they are not under /api/admin/v1).
    const paths = Object.entries(doc.paths as Record<string, Record<string, unknown>>);
    assert.deepEqual(paths.filter(([, item]) => item.servers).map(([p]) => p), [
      "/api/health",
      "/api/ready",
    ]);
    const documented = paths.filter(([, item]) => !item.servers)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    assert.deepEqual([...new Set(mounted)].sort(), documented.sort());
    assert.equal(documented.length, ADMIN_ROUTES.length);

    const ids = new Set<string>();
    type Op = { operationId: string; responses: object };
    for (const ops of Object.values(doc.paths as Record<string, Record<string, Op>>)) {
      for (const [key, op] of Object.entries(ops)) {
        if (key === "servers") continue;
        assert.ok(!ids.has(op.operationId), op.operationId);
        ids.add(op.operationId);
        assert.ok(Object.keys(op.responses).length > 0);
      }
    }
    const text = JSON.stringify(doc);
    for (const [, target] of text.matchAll(/"\$ref":"([^"]+)"/g)) {
      const parts = target!.replace(/^#\//, "").split("/");
      let node: unknown = doc;
      for (const part of parts) node = (node as Record<string, unknown>)[part];
      assert.ok(node !== undefined, `unresolved $ref ${target}`);
    }
    const create = doc.paths["/projects/{projectId}/configs"].post;
    const body = create.requestBody.content["application/json"].schema;
    assert.deepEqual(body.required.sort(), ["base", "name"]);
    assert.equal(create["x-replane-compatible"], true);
    assert.ok(text.includes('"#/components/schemas/Condition"'));
  } finally {
    await server.stop();
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});
