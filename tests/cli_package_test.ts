// Packaging: what `deno task compile` embeds (measured with a stand-in runtime, since the real
// one cannot be downloaded here), and that the image and manifests probe real routes.
import assert from "node:assert/strict";
import { startTestServer } from "./helpers/server.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const read = (path: string) => Deno.readTextFile(`${ROOT}${path}`);

/** The `deno compile` arguments of the compile task, writing to `output`. */
async function compileArgs(output: string): Promise<string[]> {
  const task: string = JSON.parse(await read("deno.json")).tasks.compile;
  const command = task.split("&&").map((s) => s.trim()).find((s) => s.startsWith("deno compile"));
  assert.ok(command, `the compile task runs deno compile: ${task}`);
  const args = command.split(/\s+/).slice(2);
  const at = args.indexOf("--output");
  args.splice(at, 2, "--output", output);
  // ui/dist is built by build:ui, which this test does not run; it is not what it measures.
  const ui = args.indexOf("--include");
  if (ui >= 0 && args[ui + 1] === "ui/dist") args.splice(ui, 2);
  return ["compile", "--no-check", ...args];
}

Deno.test("deno task compile embeds the runtime's npm packages and no dev tools", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-compile-" });
  try {
    // DENORT_BIN stands in for the runtime deno compile would download: the listing of the
    // embedded files is the same; the output is not a working program.
    const fake = `${dir}/denort`;
    await Deno.copyFile("/bin/true", fake);
    const out = await new Deno.Command(Deno.execPath(), {
      args: await compileArgs(`${dir}/dialtone`),
      cwd: ROOT,
      env: { DENORT_BIN: fake, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const listing = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, listing);
    for (const needed of ["hono", "zod", "postgres", "ajv", "hash-wasm", "re2js"]) {
      assert.match(listing, new RegExp(`── ${needed}/`), `${needed} is embedded:\n${listing}`);
    }
    const devOnly = [
      "playwright-core",
      "esbuild",
      "fast-check",
      "@replanejs",
      "preact",
      "@seriousme",
    ];
    for (const dev of devOnly) assert.ok(!listing.includes(dev), `${dev} is not embedded`);
    const files = /Files: ([\d.]+)(KB|MB)/.exec(listing);
    assert.ok(files, listing);
    const mb = Number(files[1]) / (files[2] === "KB" ? 1024 : 1);
    assert.ok(mb < 20, `embedded files are ${mb} MB`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the Dockerfile installs dependencies before it copies the sources", async () => {
  const lines = (await read("Dockerfile")).split("\n").filter((l) => /^(COPY|RUN)\b/.test(l));
  const at = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
  const install = at(/^RUN deno install --frozen/);
  assert.ok(at(/^COPY deno\.json deno\.lock/) < install && install >= 0);
  assert.ok(install < at(/^COPY src\//), "sources come after the dependency layer");
  const ignored = (await read(".dockerignore")).split("\n").map((l) => l.trim());
  for (const path of ["data/", "node_modules/", ".git", "*.db", "secret_key"]) {
    assert.ok(ignored.includes(path), `.dockerignore leaves out ${path}`);
  }
});

Deno.test("the Kubernetes probes and the health check ask routes the server answers", async () => {
  const manifest = await read("deploy/kubernetes/deployment.yaml");
  const paths = [...manifest.matchAll(/^\s+path: (\S+)$/gm)].map((m) => m[1]!);
  assert.deepEqual([...new Set(paths)].sort(), ["/api/health", "/api/ready"]);
  assert.match(manifest, /containerPort: 8080/);
  const compose = await read("compose.yaml");
  assert.equal([...compose.matchAll(/^ {2}dialtone-\d+:$/gm)].length, 2, "two instances");
  const server = await startTestServer();
  try {
    for (const path of paths) {
      const res = await fetch(`${server.url}${path}`);
      await res.body?.cancel();
      assert.equal(res.status, 200, path);
    }
  } finally {
    await server.stop();
  }
});
