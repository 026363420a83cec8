import assert from "node:assert/strict";
import { loadConfig } from "../config/config.ts";
import { silentLogger } from "../log.ts";
import { openSqliteStore } from "../store/sqlite/sqlite_store.ts";
import { createApp } from "./app.ts";
import { dashboard } from "./ui.ts";

const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

async function withDist(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-ui-unit-" });
  try {
    await Deno.mkdir(`${dir}/assets`);
    await Deno.writeTextFile(`${dir}/index.html`, "<!doctype html><title>shell</title>");
    await Deno.writeTextFile(`${dir}/assets/app-ABCDEFGH.js`, "console.log(1)");
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("dashboard() sends the shell with its security headers and nothing more", () =>
  withDist(async (dir) => {
    const res = await dashboard(dir).request("/projects/p1");
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "<!doctype html><title>shell</title>");
    assert.equal(res.headers.get("content-security-policy"), CSP);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("referrer-policy"), "same-origin");
    assert.equal(res.headers.get("x-frame-options"), "DENY");
    assert.equal(res.headers.get("cache-control"), "no-cache");
    for (
      const name of ["strict-transport-security", "cross-origin-opener-policy", "x-xss-protection"]
    ) {
      assert.equal(res.headers.get(name), null, name);
    }
  }));

Deno.test("dashboard() sends assets as immutable and nosniff, without the shell's policy", () =>
  withDist(async (dir) => {
    const res = await dashboard(dir).request("/assets/app-ABCDEFGH.js");
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "console.log(1)");
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.equal(res.headers.get("content-security-policy"), null);
  }));

Deno.test("dashboard() without a dist folder says how to build the dashboard", async () => {
  const res = await dashboard().request("/");
  assert.equal(res.status, 200);
  assert.match(await res.text(), /deno task build:ui/);
  assert.equal(res.headers.get("content-security-policy"), CSP);
  assert.equal((await dashboard().request("/assets/app-ABCDEFGH.js")).status, 404);
});

Deno.test("createApp() leaves /api 404s to the API, with a request id and no page policy", () =>
  withDist(async (dir) => {
    const loaded = loadConfig({ DATA_DIR: dir });
    assert.ok(loaded.ok);
    const store = await openSqliteStore(`${dir}/dialtone.db`);
    try {
      const config = { ...loaded.config, secretKey: "ui-test-secret-key-0123456789abcdef" };
      const app = createApp({ config, store, log: silentLogger, distDir: dir });
      const res = await app.request("/api/nothing", { headers: { "X-Request-Id": "req-42" } });
      assert.equal(res.status, 404);
      assert.equal((await res.json()).requestId, "req-42");
      assert.equal(res.headers.get("x-request-id"), "req-42");
      // The API's own policy (security_headers.ts), not the dashboard page's.
      assert.equal(
        res.headers.get("content-security-policy"),
        "default-src 'none'; frame-ancestors 'none'",
      );

      const page = await app.request("/w/x", { headers: { "X-Request-Id": "bad id!" } });
      assert.equal(await page.text(), "<!doctype html><title>shell</title>");
      assert.match(page.headers.get("x-request-id")!, /^[0-9a-f-]{36}$/);
    } finally {
      await store.close();
    }
  }));
