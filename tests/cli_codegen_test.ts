// `dialtone codegen` against a real server's project: the TypeScript module type-checks with
// `deno check` (with @replanejs/sdk, and against every value the project holds), and the
// Python module compiles and imports.
import assert from "node:assert/strict";
import { createWorld, SUPERUSER_KEY } from "./helpers/api.ts";
import { cli, cliOk, target } from "./helpers/cli.ts";
import { startTestServer } from "./helpers/server.ts";

const FIXTURE = new URL("./fixtures/codegen/project.json", import.meta.url).pathname;
const CONFIG = new URL("../deno.json", import.meta.url).pathname;

type Exported = {
  name: string;
  value: unknown;
  overrides: { value: unknown }[];
  variants: { value: unknown; overrides: { value: unknown }[] }[];
};

/** Every value a config can take, as a TypeScript object literal keyed by config name. */
function allValues(configs: Exported[]): string {
  const entries = configs.map((c) => {
    const values = [
      c.value,
      ...c.overrides.map((o) => o.value),
      ...c.variants.flatMap((v) => [v.value, ...v.overrides.map((o) => o.value)]),
    ];
    return `  ${JSON.stringify(c.name)}: ${JSON.stringify(values)},`;
  });
  return `{\n${entries.join("\n")}\n}`;
}

async function run(cmd: string, args: string[], cwd?: string) {
  const out = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  const text = new TextDecoder();
  return { code: out.code, output: text.decode(out.stdout) + text.decode(out.stderr) };
}

Deno.test("dialtone codegen --lang ts: the module type-checks against the project's configs", async () => {
  const server = await startTestServer();
  const dir = await Deno.makeTempDir({ prefix: "dialtone-codegen-" });
  try {
    const world = await createWorld(server.su);
    const t = target(server.url, SUPERUSER_KEY, world.projectId);
    await cliOk(["import", FIXTURE, ...t]);
    const gen = await cliOk(["codegen", "--lang", "ts", "--output", `${dir}/configs.ts`, ...t]);
    assert.match(gen.stderr, /Wrote 10 config types/);
    const exported = JSON.parse((await cliOk(["export", ...t])).stdout);
    await Deno.writeTextFile(
      `${dir}/usage.ts`,
      `import { Replane } from "@replanejs/sdk";
import type { Configs } from "./configs.ts";

const replane = new Replane<Configs>();
export const limit: number = replane.get("rate-limit").limit;
export const rps: number = replane.get("rate-limit")["max-rps"];
export const banner: string | null = replane.get("banner-text");
export const tierPrice: number | undefined = replane.get("pricing").tiers[0]?.price;
// @ts-expect-error: "gold" is not a tier
export const wrongTier: Configs["rate-limit"]["tier"] = "gold";
// @ts-expect-error: there is no such config
replane.get("no-such-config");
// @ts-expect-error: window.seconds is required
export const noSeconds: Configs["rate-limit"]["window"] = { rolling: true };

// Every value the server holds (base, overrides, variants) fits its config's type.
export const values: { [K in keyof Configs]: Configs[K][] } = ${allValues(exported.configs)};
`,
    );
    const checked = await run(Deno.execPath(), [
      "check",
      "--config",
      CONFIG,
      "--no-lock",
      `${dir}/usage.ts`,
    ]);
    assert.equal(checked.code, 0, checked.output);

    // The same check fails when a value does not fit: the test can tell.
    await Deno.writeTextFile(
      `${dir}/bad.ts`,
      `import type { Configs } from "./configs.ts";\nexport const x: Configs["rate-limit"] = { limit: "many" };\n`,
    );
    const bad = await run(Deno.execPath(), [
      "check",
      "--config",
      CONFIG,
      "--no-lock",
      `${dir}/bad.ts`,
    ]);
    assert.notEqual(bad.code, 0, "a wrong value must not type-check");
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dialtone codegen --lang python: the module compiles and its types resolve", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-codegen-" });
  try {
    await cliOk([
      "codegen",
      "--lang",
      "python",
      "--from",
      FIXTURE,
      "--output",
      `${dir}/configs.py`,
    ]);
    const compiled = await run("python3", ["-m", "py_compile", `${dir}/configs.py`]);
    assert.equal(compiled.code, 0, compiled.output);
    const imported = await run("python3", [
      "-c",
      `import typing, configs
hints = {n: typing.get_type_hints(o) for n, o in vars(configs).items()
         if isinstance(o, type) and issubclass(o, dict) and o is not dict}
assert "rate-limit" in hints["Configs"], hints["Configs"]
assert "max-rps" in hints["RateLimit"]
print(len(hints))`,
    ], dir);
    assert.equal(imported.code, 0, imported.output);
    assert.ok(Number(imported.output.trim()) >= 8, imported.output);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dialtone codegen: usage errors exit 2, a missing file exits 1", async () => {
  const missing = await cli(["codegen", "--from", FIXTURE]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /Missing --lang: ts, python, csharp or go/);
  const unknown = await cli(["codegen", "--lang", "cobol", "--from", FIXTURE]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Unknown --lang "cobol"/);
  const noFile = await cli(["codegen", "--lang", "go", "--from", "/nonexistent/export.json"]);
  assert.equal(noFile.code, 1);
  assert.match(noFile.stderr, /Cannot read \/nonexistent\/export\.json/);
});
