import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { buildUi } from "../scripts/build_ui.ts";
import { loadConfig } from "../src/config/config.ts";
import { dashboard } from "../src/http/ui.ts";
import { silentLogger } from "../src/log.ts";
import { startServer } from "../src/server.ts";

const BUDGET_BYTES = 150 * 1024;

Deno.test("build:ui stays under the 150 KB gzip budget and serves hashed, immutable assets", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-ui-" });
  try {
    const build = await buildUi(dir);
    const shipped = build.files.filter((f) => /\.(js|css)$/.test(f.name));
    assert.equal(shipped.length, 2, "one JS and one CSS file");
    const total = shipped.reduce((sum, f) => sum + f.gzipBytes, 0);
    assert.ok(total < BUDGET_BYTES, `JS+CSS gzipped is ${total} bytes, over ${BUDGET_BYTES}`);

    // The dashboard takes the server's types from zod DTOs by type-only imports: no zod code.
    const js = shipped.find((f) => f.name.endsWith(".js"))!;
    const bundle = await Deno.readTextFile(`${dir}/assets/${js.name}`);
    assert.doesNotMatch(bundle, /ZodError|\$ZodType/, "zod was bundled into the dashboard");

    const ui = dashboard(dir);
    const shell = await ui.request("/projects/abc/configs");
    assert.equal(shell.status, 200);
    assert.equal(shell.headers.get("cache-control"), "no-cache");
    const html = await shell.text();
    for (const file of shipped) assert.ok(html.includes(`/assets/${file.name}`), file.name);
    assert.ok(!/https?:\/\//.test(html.replace(/http:\/\/www\.w3\.org[^"']*/g, "")), "no CDN");

    assert.match(js.name, /^app-[A-Z0-9]{8}\.js$/);
    const plain = await ui.request(`/assets/${js.name}`);
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.match(plain.headers.get("content-type")!, /^text\/javascript/);
    assert.equal(plain.headers.get("content-encoding"), null);
    const raw = new Uint8Array(await plain.arrayBuffer());
    assert.equal(raw.byteLength, js.bytes);

    const zipped = await ui.request(`/assets/${js.name}`, {
      headers: { "Accept-Encoding": "gzip, deflate, br" },
    });
    assert.equal(zipped.headers.get("content-encoding"), "gzip");
    assert.equal(zipped.headers.get("vary"), "Accept-Encoding");
    const body = new Uint8Array(await zipped.arrayBuffer());
    assert.deepEqual(new Uint8Array(gunzipSync(body)), raw);

    assert.equal((await ui.request("/assets/app-NOTTHERE.js")).status, 404);
    assert.equal((await ui.request("/assets/..%2Fapp.js")).status, 404);
    assert.equal((await ui.request("/favicon.ico")).status, 404);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("without a build, / says how to build the dashboard", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-ui-empty-" });
  try {
    const res = await dashboard(dir).request("/");
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, /Dialtone is running/);
    assert.match(text, /deno task build:ui/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the mounted dashboard leaves /api paths to the API", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-ui-app-" });
  const loaded = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dir });
  assert.ok(loaded.ok);
  const server = await startServer(loaded.config, silentLogger);
  try {
    const api = await fetch(`${server.url}/api/nothing-here`);
    assert.equal(api.status, 404);
    assert.match(api.headers.get("content-type")!, /json/);
    await api.body?.cancel();
    const page = await fetch(`${server.url}/w/some-workspace/settings`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type")!, /text\/html/);
    assert.match(await page.text(), /Dialtone/);
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ui/ modules import one way: no import cycle among them", async () => {
  const root = new URL("../ui/", import.meta.url).pathname;
  const graph = new Map<string, string[]>();
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = `${dir}${entry.name}`;
      if (entry.isDirectory && entry.name !== "dist") await walk(`${path}/`);
      else if (/\.tsx?$/.test(entry.name)) {
        const text = await Deno.readTextFile(path);
        const deps = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/gms)]
          .map((m) => new URL(m[1]!, `file://${path}`).pathname)
          .filter((dep) => dep.startsWith(root));
        graph.set(path, deps);
      }
    }
  };
  await walk(root);
  assert.ok(graph.size > 40, `read ${graph.size} modules`);
  const done = new Set<string>();
  const visit = (path: string, stack: string[]) => {
    const at = stack.indexOf(path);
    if (at >= 0) {
      const cycle = [...stack.slice(at), path].map((p) => p.slice(root.length));
      assert.fail(`import cycle: ${cycle.join(" -> ")}`);
    }
    if (done.has(path)) return;
    for (const dep of graph.get(path) ?? []) visit(dep, [...stack, path]);
    done.add(path);
  };
  for (const path of graph.keys()) visit(path, []);
});
