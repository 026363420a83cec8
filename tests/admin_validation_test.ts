// Bad input names the field; hostile input never gets a 5xx and never changes the database.
import assert from "node:assert/strict";
import { type Api, createWorld, startAdminServer } from "./helpers/admin.ts";
import { runHostileRequests } from "./helpers/hostile_run.ts";

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
    // Replane stores a range that is empty; Dialtone does too, with a warning.
    const backwards = await su.send("POST", `/projects/${p}/configs`, {
      name: "backwards",
      base: { value: 1, overrides: [cond({ ...seg, fromPercentage: 80, toPercentage: 20 })] },
    });
    assert.equal(backwards.status, 201);
    const warning = (backwards.body.warnings as { path: string; message: string }[])[0]!;
    assert.equal(warning.path, "base.overrides[0].conditions[0].fromPercentage");
    assert.match(warning.message, /fromPercentage 80 exceeds toPercentage 20/);
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
    // An unknown $schema URI is checked as draft-07, as Replane does, with a warning.
    const latest = await su.send("POST", `/projects/${p}/configs`, {
      name: "latest-draft",
      base: { value: 1, schema: { $schema: "http://json-schema.org/schema#", type: "number" } },
    });
    assert.equal(latest.status, 201, latest.text);
    assert.deepEqual(
      (latest.body.warnings as { path: string }[]).map((w) => w.path),
      ["base.schema.$schema"],
    );
    assert.equal(
      (await post({
        name: "x",
        base: { value: "1", schema: { $schema: "http://json-schema.org/schema#", type: "number" } },
      })).path,
      "base.value",
    );
    // A reference to a config that does not exist is stored, as Replane does, with a warning.
    const dangling = await su.send("POST", `/projects/${p}/configs`, {
      name: "dangling",
      base: { value: 1, overrides: [foreign(p, "missing")] },
    });
    assert.equal(dangling.status, 201);
    assert.deepEqual(
      (dangling.body.warnings as { path: string }[]).map((w) => w.path),
      ["base.overrides[0].conditions[0].value.configName"],
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
    const stored = (await su.send("GET", `/projects/${p}/configs`)).body.configs as {
      name: string;
    }[];
    assert.deepEqual(stored.map((c) => c.name), ["backwards", "dangling", "latest-draft"]);
  } finally {
    await server.stop();
  }
});

Deno.test("500+ malformed or hostile requests: each a 4xx JSON, none a 5xx, database unchanged", async () => {
  const server = await startAdminServer();
  try {
    const { count, failures, changed } = await runHostileRequests(server);
    assert.ok(count >= 500, `only ${count} requests`);
    assert.deepEqual(failures, []);
    assert.equal(changed, false);
  } finally {
    await server.stop();
  }
});
