// Bad input names the field; hostile input never gets a 5xx and never changes the database.
import assert from "node:assert/strict";
import { ADMIN_ROUTES } from "../src/http/admin/routes.ts";
import type { Store } from "../src/store/store.ts";
import { type Api, createWorld, startAdminServer } from "./helpers/admin.ts";
import { configBodies, GENERIC_BODIES, pathProbes } from "./helpers/hostile.ts";

const cond = (extra: Record<string, unknown>) => ({ name: "o", conditions: [extra], value: 1 });

async function firstIssue(api: Api, method: string, path: string, body: unknown) {
  const res = await api.send(method, path, body);
  assert.equal(res.status, 400, `${method} ${path}: ${res.text}`);
  const issues = res.body.issues as { path: string; message: string }[];
  return { path: issues[0]!.path, error: res.body.error!, message: issues[0]!.message };
}

Deno.test("bad input is a 400 that names the field", async () => {
  const server = await startAdminServer();
  const { su } = server;
  try {
    const { projectId: p, env } = await createWorld(su);
    const other = await createWorld(su);
    await su.send("POST", `/projects/${other.projectId}/configs`, {
      name: "theirs",
      base: { value: 1 },
    });
    const post = (body: unknown) => firstIssue(su, "POST", `/projects/${p}/configs`, body);
    const number = { value: 1, schema: { type: "number" } };

    const name = await post({ name: "a b", base: { value: 1 } });
    assert.equal(name.path, "name");
    assert.match(name.error, /^Cannot create a config: name "a b" must match/);
    assert.equal((await post({ name: "x", base: { ...number, value: "1" } })).path, "base.value");
    assert.equal(
      (await post({
        name: "x",
        base: number,
        variants: [{ environmentId: env.Production, value: "no" }],
      }))
        .path,
      "variants[0].value",
    );
    assert.equal(
      (await post({
        name: "x",
        base: { ...number, overrides: [{ name: "o", conditions: [], value: "s" }] },
      }))
        .path,
      "base.overrides[0].value",
    );
    const seg = {
      operator: "segmentation",
      property: "id",
      seed: "s",
      fromPercentage: 0,
      toPercentage: 150,
    };
    assert.equal(
      (await post({ name: "x", base: { value: 1, overrides: [cond(seg)] } })).path,
      "base.overrides[0].conditions[0].toPercentage",
    );
    const backwards = await post({
      name: "x",
      base: { value: 1, overrides: [cond({ ...seg, fromPercentage: 80, toPercentage: 20 })] },
    });
    assert.equal(backwards.path, "base.overrides[0].conditions[0].fromPercentage");
    assert.match(backwards.error, /fromPercentage 80 must not exceed toPercentage 20/);
    const foreign = (projectId: string, configName: string) =>
      cond({
        operator: "equals",
        property: "p",
        value: { type: "reference", projectId, configName, path: [] },
      });
    assert.equal(
      (await post({
        name: "x",
        base: { value: 1, overrides: [foreign(other.projectId, "theirs")] },
      })).path,
      "base.overrides[0].conditions[0].value.projectId",
    );
    assert.equal(
      (await post({ name: "x", base: { value: 1, overrides: [foreign(p, "missing")] } })).path,
      "base.overrides[0].conditions[0].value.configName",
    );
    assert.equal(
      (await post({ name: "x", base: { value: 1, schema: { type: "nope" } } })).path,
      "base.schema/type",
    );
    assert.equal(
      (await post({ name: "x", base: { value: 1 }, extra: true })).message,
      'unknown field(s) "extra"',
    );
    const big = await post({ name: "x", base: { value: "x".repeat(1024 * 1024) } });
    assert.equal(big.path, "base.value");
    assert.match(big.error, /bytes of JSON; the limit is 1048576/);

    const huge = await su.raw(
      "POST",
      `/projects/${p}/configs`,
      "[" + "1,".repeat(9_000_000) + "1]",
    );
    assert.equal(huge.status, 413);
    assert.match(String(huge.body.error), /exceeds 16777216 bytes/);
    assert.deepEqual((await su.send("GET", `/projects/${p}/configs`)).body.configs, []);
  } finally {
    await server.stop();
  }
});

async function dump(store: Store): Promise<string> {
  return await store.read(async (tx) => {
    const tables = await tx.db.all<{ name: string }>(
      `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`,
    );
    const out: Record<string, unknown[]> = {};
    for (const { name } of tables) out[name] = await tx.db.all(`SELECT * FROM "${name}"`);
    return JSON.stringify(out);
  });
}

Deno.test("500+ malformed or hostile requests: each a 4xx JSON, none a 5xx, database unchanged", async () => {
  const server = await startAdminServer();
  const { su } = server;
  try {
    const world = await createWorld(su);
    await su.send("POST", `/projects/${world.projectId}/configs`, {
      name: "cfg",
      base: { value: 1 },
    });
    const fill = (path: string) =>
      path.replace("{workspaceId}", world.workspaceId).replace("{projectId}", world.projectId)
        .replace("{name}", "cfg").replace("{environmentId}", world.env.Production!)
        .replace("{version}", "999").replace("{email}", "nobody@x.test")
        .replace("{sdkKeyId}", crypto.randomUUID()).replace("{apiKeyId}", crypto.randomUUID());
    const requests: { method: string; path: string; body?: BodyInit }[] = [];
    for (const r of ADMIN_ROUTES) {
      if (r.auth === false) continue;
      const method = r.method.toUpperCase();
      for (const probe of pathProbes(r.path)) requests.push({ method, path: fill(probe) });
      if (!r.body) continue;
      for (const body of GENERIC_BODIES) requests.push({ method, path: fill(r.path), body });
      if (r.path.endsWith("/configs") || r.path.endsWith("/configs/{name}")) {
        for (const body of configBodies()) requests.push({ method, path: fill(r.path), body });
      }
    }
    assert.ok(requests.length >= 500, `only ${requests.length} requests`);

    const before = await dump(server.store);
    const failures: string[] = [];
    for (const req of requests) {
      const res = await su.raw(req.method, req.path, req.body, {
        "content-type": "application/json",
      });
      const label = `${req.method} ${req.path} ${String(req.body ?? "").slice(0, 80)}`;
      const json = typeof res.body.error === "string" && !("unparsable" in res.body);
      if (res.status < 400 || res.status >= 500 || !json) {
        failures.push(`${label} → ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.equal(await dump(server.store), before);
  } finally {
    await server.stop();
  }
});
