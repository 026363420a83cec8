// `dialtone export` → edit the file → `dialtone import --dry-run` → `dialtone import`, against
// a real server, and `dialtone evaluate` against the published SDK.
import assert from "node:assert/strict";
import { createSdkKey, createWorld, putConfig, state, SUPERUSER_KEY } from "./helpers/api.ts";
import { cli, cliOk, target } from "./helpers/cli.ts";
import { connectSdk, sync } from "./helpers/sdk.ts";
import { KEY_1, PLAINTEXTS, sensitiveBody } from "./helpers/sensitive.ts";
import { startTestServer } from "./helpers/server.ts";
import type { Override } from "../src/domain/overrides.ts";

Deno.test("dialtone export, edit, import --dry-run, import: a round trip", async () => {
  const server = await startTestServer();
  const dir = await Deno.makeTempDir();
  try {
    const world = await createWorld(server.su);
    const t = target(server.url, SUPERUSER_KEY, world.projectId);
    await cliOk(["configs", "set", "rate-limit", "100", ...t]);
    await cliOk(["configs", "set", "rate-limit", "10", "--env", "Development", ...t]);
    await cliOk(["configs", "set", "banner", '"hi"', ...t]);
    const file = `${dir}/export.json`;
    const exported = await cliOk(["export", "--output", file, ...t]);
    assert.match(exported.stderr, /Exported 2 configs/);
    const doc = JSON.parse(await Deno.readTextFile(file));
    assert.deepEqual(doc.configs.map((c: { name: string }) => c.name).sort(), [
      "banner",
      "rate-limit",
    ]);

    // Edit: change one value, add a config, leave banner alone.
    const rate = doc.configs.find((c: { name: string }) => c.name === "rate-limit");
    rate.value = 250;
    doc.configs.push({ ...rate, name: "new-flag", value: true, variants: [] });
    await Deno.writeTextFile(file, JSON.stringify(doc));

    const dry = await cliOk(["import", file, "--on-conflict", "replace", "--dry-run", ...t]);
    assert.match(dry.stdout, /\+ create +new-flag/);
    assert.match(dry.stdout, /~ replace +rate-limit \(1 changes\)/);
    assert.match(dry.stdout, /~ value: 100 → 250/);
    assert.match(dry.stdout, /= unchanged banner/);
    assert.match(dry.stdout, /nothing was written/);
    const dryJson = JSON.parse(
      (await cliOk(["import", file, "--on-conflict", "replace", "--dry-run", "--json", ...t]))
        .stdout,
    );
    assert.deepEqual(
      dryJson.entries.map((e: { name: string; action: string }) => [e.name, e.action]).sort(),
      [["banner", "unchanged"], ["new-flag", "create"], ["rate-limit", "replace"]],
    );
    const before = JSON.parse((await cliOk(["configs", "list", "--json", ...t])).stdout);
    assert.equal(before.length, 2, "the dry run wrote nothing");

    const skipDry = await cliOk(["import", file, "--dry-run", ...t]);
    assert.match(skipDry.stdout, /= skip +rate-limit/);

    const done = await cliOk(["import", file, "--on-conflict", "replace", "--json", ...t]);
    const result = JSON.parse(done.stdout);
    assert.deepEqual(result.created, ["new-flag"]);
    assert.deepEqual(result.replaced.sort(), ["banner", "rate-limit"]);
    assert.match(done.stderr, /Importing 3 configs/);
    const rateNow = JSON.parse(
      (await cliOk(["configs", "get", "rate-limit", "--json", ...t])).stdout,
    );
    assert.equal(rateNow.base.value, 250);
    assert.deepEqual(rateNow.variants.map((v: { value: unknown }) => v.value), [10]);
    const again = await cliOk(["import", file, "--on-conflict", "replace", "--dry-run", ...t]);
    assert.match(again.stdout, /Would create 0, replace 0, skip 0; 3 unchanged/);
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dialtone import: the dry run names unknown environments; a bad file exits 1", async () => {
  const server = await startTestServer();
  const dir = await Deno.makeTempDir();
  try {
    const world = await createWorld(server.su);
    const t = target(server.url, SUPERUSER_KEY, world.projectId);
    const file = `${dir}/qa.json`;
    await Deno.writeTextFile(
      file,
      JSON.stringify({
        configs: [{
          name: "x",
          value: 1,
          variants: [{ environmentName: "QA", value: 2, useBaseSchema: true, overrides: [] }],
        }],
      }),
    );
    const dry = await cli(["import", file, "--dry-run", ...t]);
    assert.equal(dry.code, 1);
    assert.match(dry.stdout, /environment "QA" is not in this project/);
    const mapped = await cliOk(["import", file, "--dry-run", "--env-map", "QA=Development", ...t]);
    assert.match(mapped.stdout, /\+ create +x/);
    const real = await cli(["import", file, ...t]);
    assert.equal(real.code, 1, "the server refuses it too");
    assert.match(real.stderr, /QA/);
    await cliOk(["import", file, "--env-map", "QA=", ...t]);
    const x = JSON.parse((await cliOk(["configs", "get", "x", "--json", ...t])).stdout);
    assert.deepEqual(x.variants, [], "QA= dropped the variant");

    await Deno.writeTextFile(`${dir}/bad.json`, '{"nope": true}');
    const bad = await cli(["import", `${dir}/bad.json`, ...t]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /needs a "configs" list/);
    const usage = await cli(["import", file, "--on-conflict", "merge", ...t]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--on-conflict must be skip or replace \(got "merge"\)/);
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dialtone export --sensitive encrypted, and the dry run lists sealed entries as sensitive, encrypted", async () => {
  const server = await startTestServer({ ENCRYPTION_KEY: KEY_1 });
  const dir = await Deno.makeTempDir();
  try {
    const world = await createWorld(server.su);
    const t = target(server.url, SUPERUSER_KEY, world.projectId);
    await server.su.ok(
      "POST",
      `/projects/${world.projectId}/configs`,
      sensitiveBody(world.env.Production!),
    );
    await cliOk(["configs", "set", "banner", '"hi"', ...t]);

    const plainFile = `${dir}/plain.json`;
    await cliOk(["export", "--output", plainFile, ...t]);
    const plain = JSON.parse(await Deno.readTextFile(plainFile));
    assert.deepEqual(plain.configs.map((c: { name: string }) => c.name), ["banner"]);
    assert.equal(plain.sensitiveConfigs, undefined, "left out by default");

    const file = `${dir}/sealed.json`;
    const exported = await cliOk(["export", "--sensitive", "encrypted", "--output", file, ...t]);
    assert.match(exported.stderr, /Exported 1 configs and 1 sensitive configs, encrypted,/);
    const text = await Deno.readTextFile(file);
    for (const secret of PLAINTEXTS) assert.ok(!text.includes(secret), "no plaintext value");
    const doc = JSON.parse(text);
    assert.deepEqual(doc.sensitiveConfigs.map((c: { name: string }) => c.name), ["db-password"]);
    assert.ok(doc.encryption?.dataKey?.wrapped);
    const usage = await cli(["export", "--sensitive", "plain", ...t]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--sensitive must be omit or encrypted \(got "plain"\)/);

    // Back into the same project: the sealed entry exists there.
    const read = await cliOk(["import", file, "--on-conflict", "replace", "--dry-run", ...t]);
    assert.match(read.stderr, /Read 1 configs and 1 sensitive configs, encrypted,/);
    assert.match(
      read.stdout,
      /~ replace +db-password \(sensitive, encrypted; values not compared\)/,
    );
    assert.match(read.stdout, /= unchanged banner/);
    const skip = await cliOk(["import", file, "--dry-run", ...t]);
    assert.match(skip.stdout, /= skip +db-password \(sensitive, encrypted; it exists/);
    // A plain entry named like a sensitive config the plain export left out: a replace.
    plain.configs.push({ ...plain.configs[0], name: "db-password", value: "x" });
    await Deno.writeTextFile(plainFile, JSON.stringify(plain));
    const over = await cliOk(["import", plainFile, "--on-conflict", "replace", "--dry-run", ...t]);
    assert.match(over.stdout, /~ replace +db-password \(sensitive here, and it stays so; values/);

    // Into another project: created, sensitive; the dry run said so, the import does it.
    const b = await server.su.ok("POST", `/workspaces/${world.workspaceId}/projects`, {
      name: "B",
    });
    const tb = target(server.url, SUPERUSER_KEY, String(b.body.id));
    const dry = await cliOk(["import", file, "--dry-run", ...tb]);
    assert.match(dry.stdout, /\+ create +db-password \(sensitive, encrypted\)/);
    assert.match(dry.stdout, /\+ create +banner\n/);
    assert.match(dry.stdout, /Would create 2, replace 0, skip 0/);
    const dryJson = JSON.parse(
      (await cliOk(["import", file, "--dry-run", "--json", ...tb])).stdout,
    );
    assert.deepEqual(dryJson.entries, [
      { name: "banner", action: "create" },
      { name: "db-password", action: "create", sensitive: true },
    ]);
    const done = JSON.parse((await cliOk(["import", file, "--json", ...tb])).stdout);
    assert.deepEqual(done.created.sort(), ["banner", "db-password"]);
    const got = JSON.parse(
      (await cliOk(["configs", "get", "db-password", "--json", ...tb])).stdout,
    );
    assert.equal(got.sensitive, true);
    assert.equal(got.base.value, PLAINTEXTS[0]);
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dialtone evaluate answers what the published SDK answers", async () => {
  const server = await startTestServer();
  try {
    const world = await createWorld(server.su);
    const t = target(server.url, SUPERUSER_KEY, world.projectId);
    const literal = (value: unknown) => ({ type: "literal" as const, value }) as never;
    const overrides: Override[] = [
      {
        name: "Enterprise",
        conditions: [{ operator: "in", property: "plan", value: literal(["enterprise"]) }],
        value: 1000,
      },
      {
        name: "Half",
        conditions: [{
          operator: "segmentation",
          property: "userId",
          fromPercentage: 0,
          toPercentage: 50,
          seed: "s1",
        }],
        value: 500,
      },
    ];
    await putConfig(server.su, world.projectId, "rate-limit", state(100, overrides));
    const { key } = await createSdkKey(server.su, world.projectId, world.env.Production!);
    await sync(server);
    const sdk = await connectSdk(server.url, key);
    try {
      const contexts = [
        {},
        { plan: "enterprise" },
        { plan: "free", userId: "user-1" },
        { userId: "user-2" },
        { userId: "user-3" },
        { userId: "user-4" },
      ];
      const seen = new Set<unknown>();
      for (const context of contexts) {
        const run = await cliOk([
          "evaluate",
          "rate-limit",
          "--context",
          JSON.stringify(context),
          "--env",
          "Production",
          "--json",
          ...t,
        ]);
        const answer = JSON.parse(run.stdout);
        const expected = sdk.get("rate-limit", { context });
        assert.equal(answer.value, expected, JSON.stringify(context));
        seen.add(expected);
        const plain = await cliOk([
          "evaluate",
          "rate-limit",
          "--context",
          JSON.stringify(context),
          ...t,
        ]);
        assert.equal(JSON.parse(plain.stdout), expected, "plain output is the value alone");
        assert.match(plain.stderr, /rate-limit in Production/);
      }
      assert.ok(seen.size >= 2, `the contexts should reach more than one value: ${[...seen]}`);
    } finally {
      sdk.disconnect();
    }
    const bad = await cli(["evaluate", "rate-limit", "--context", "[1]", ...t]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--context must be a JSON object/);
  } finally {
    await server.stop();
  }
});
