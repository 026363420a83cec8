// `dialtone configs …` against a real server: set, get, a schema violation, edit in an
// editor, history, diff, restore, delete, and the exit codes.
import assert from "node:assert/strict";
import { createWorld } from "./helpers/api.ts";
import { cli, cliOk, target } from "./helpers/cli.ts";
import { startTestServer } from "./helpers/server.ts";
import { SUPERUSER_KEY } from "./helpers/api.ts";

Deno.test("dialtone configs: set creates and updates, get reads, list shows", async () => {
  const server = await startTestServer();
  try {
    const world = await createWorld(server.su);
    const t = target(server.url, SUPERUSER_KEY, world.projectId);
    const created = await cliOk(["configs", "set", "rate-limit", "100", ...t]);
    assert.match(created.stdout, /Created rate-limit \(version 1\)/);
    const updated = await cliOk(["configs", "set", "rate-limit", "200", ...t, "--json"]);
    assert.deepEqual(JSON.parse(updated.stdout), {
      id: JSON.parse(updated.stdout).id,
      name: "rate-limit",
      version: 2,
      created: false,
    });
    await cliOk(["configs", "set", "rate-limit", "5", "--env", "Development", ...t]);
    const got = JSON.parse((await cliOk(["configs", "get", "rate-limit", ...t, "--json"])).stdout);
    assert.equal(got.base.value, 200);
    assert.deepEqual(got.variants.map((v: { value: unknown }) => v.value), [5]);
    assert.equal(got.variants[0].environmentId, world.env.Development);
    const text = (await cliOk(["configs", "get", "rate-limit", ...t])).stdout;
    assert.match(text, /version 3/);
    assert.match(text, /Development: 5/);
    const list = (await cliOk(["configs", "list", ...t])).stdout;
    assert.match(list, /^NAME\s+VERSION/);
    assert.match(list, /rate-limit\s+3/);
  } finally {
    await server.stop();
  }
});

Deno.test("dialtone configs set: a value the schema refuses exits 1 and names the field", async () => {
  const server = await startTestServer();
  try {
    const world = await createWorld(server.su);
    const t = target(server.url, SUPERUSER_KEY, world.projectId);
    const dir = await Deno.makeTempDir();
    const schema = `${dir}/schema.json`;
    await Deno.writeTextFile(
      schema,
      JSON.stringify({
        type: "object",
        properties: { limit: { type: "integer" } },
        required: ["limit"],
      }),
    );
    await cliOk(["configs", "set", "quota", '{"limit": 10}', "--schema", schema, ...t]);
    const bad = await cli(["configs", "set", "quota", '{"limit": "lots"}', ...t]);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /limit/);
    assert.match(bad.stderr, /integer/);
    const after = JSON.parse((await cliOk(["configs", "get", "quota", ...t, "--json"])).stdout);
    assert.deepEqual(after.base.value, { limit: 10 }, "nothing was written");
    await Deno.remove(dir, { recursive: true });
  } finally {
    await server.stop();
  }
});

Deno.test("dialtone configs: usage errors exit 2 without a request", async () => {
  const noServer = ["--url", "http://127.0.0.1:9", "--api-key", "k", "--project", "p"];
  const cases: [string[], RegExp][] = [
    [["configs", "set", "x", "not json", ...noServer], /not JSON.*JSON quotes/s],
    [["configs", "set", "x", ...noServer], /Missing the value/],
    [["configs", "get", ...noServer], /Missing the config name/],
    [["configs", "get", "x", "--bogus", ...noServer], /Unknown option "--bogus"/],
    [["configs", "get", "x"], /No server to talk to/],
    [["configs", "frobnicate"], /Unknown command "configs frobnicate"/],
    [["configs", "diff", "x", "two", ...noServer], /VERSION must be a whole number/],
  ];
  for (const [args, message] of cases) {
    const run = await cli(args);
    assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, message);
  }
  const unreachable = await cli(["configs", "get", "x", ...noServer]);
  assert.equal(unreachable.code, 1);
  assert.match(unreachable.stderr, /Cannot reach Dialtone at http:\/\/127\.0\.0\.1:9/);
});

Deno.test("dialtone configs edit: saves what the editor wrote, based on the version opened", async () => {
  const server = await startTestServer();
  const dir = await Deno.makeTempDir();
  try {
    const world = await createWorld(server.su);
    const t = target(server.url, SUPERUSER_KEY, world.projectId);
    await cliOk(["configs", "set", "greeting", '"hello"', ...t]);
    // An "editor" that rewrites the base value and adds a Production variant.
    const editor = `${dir}/editor.sh`;
    await Deno.writeTextFile(
      editor,
      `#!/bin/sh
${Deno.execPath()} eval --quiet '
const f = Deno.args[0];
const doc = JSON.parse(Deno.readTextFileSync(f));
doc.base.value = "bonjour";
doc.description = "edited";
doc.variants.push({ environment: "Production", value: "salut", schema: null,
  useBaseSchema: true, overrides: [] });
Deno.writeTextFileSync(f, JSON.stringify(doc));
' "$1"
`,
    );
    await Deno.chmod(editor, 0o755);
    const edited = await cliOk(["configs", "edit", "greeting", ...t], { env: { EDITOR: editor } });
    assert.match(edited.stdout, /Saved greeting: version 2/);
    const got = JSON.parse((await cliOk(["configs", "get", "greeting", ...t, "--json"])).stdout);
    assert.equal(got.base.value, "bonjour");
    assert.equal(got.description, "edited");
    assert.deepEqual(got.variants.map((v: { environmentId: string }) => v.environmentId), [
      world.env.Production,
    ]);

    const unchanged = await cliOk(["configs", "edit", "greeting", ...t], {
      env: { EDITOR: "true" },
    });
    assert.match(unchanged.stdout, /No changes/);

    const badEnv = `${dir}/bad_env.sh`;
    await Deno.writeTextFile(
      badEnv,
      `#!/bin/sh\nsed -i 's/"Production"/"Staging"/' "$1"\n`,
    );
    await Deno.chmod(badEnv, 0o755);
    const refused = await cli(["configs", "edit", "greeting", ...t], { env: { EDITOR: badEnv } });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /"Staging" names no environment.*kept in/s);
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dialtone configs history, diff, restore and delete", async () => {
  const server = await startTestServer();
  try {
    const world = await createWorld(server.su);
    const t = target(server.url, SUPERUSER_KEY, world.projectId);
    await cliOk(["configs", "set", "limits", '{"cpu": 1, "memory": "1Gi"}', ...t]);
    await cliOk(["configs", "set", "limits", '{"cpu": 2, "memory": "1Gi"}', ...t]);
    const history = JSON.parse(
      (await cliOk(["configs", "history", "limits", ...t, "--json"])).stdout,
    );
    assert.deepEqual(history.map((v: { version: number }) => v.version), [2, 1]);
    assert.match((await cliOk(["configs", "history", "limits", ...t])).stdout, /^VERSION\s+TIME/);
    const diff = (await cliOk(["configs", "diff", "limits", ...t])).stdout;
    assert.match(diff, /version 1 → 2/);
    assert.match(diff, /~ base\.value\.cpu: 1 → 2/);
    const restored = await cliOk(["configs", "restore", "limits", "1", ...t]);
    assert.match(restored.stdout, /now version 3/);
    const got = JSON.parse((await cliOk(["configs", "get", "limits", ...t, "--json"])).stdout);
    assert.deepEqual(got.base.value, { cpu: 1, memory: "1Gi" });
    await cliOk(["configs", "delete", "limits", ...t]);
    const gone = await cli(["configs", "get", "limits", ...t]);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /Config not found/);
  } finally {
    await server.stop();
  }
});
