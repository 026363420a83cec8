import assert from "node:assert/strict";
import { Validator } from "@seriousme/openapi-schema-validator";
import { loadConfig } from "../config/config.ts";
import { silentLogger } from "../log.ts";
import type { Store } from "../store/store.ts";
import { createApp } from "./app.ts";
import type { SdkDeps } from "./sdk.ts";
import { sdkOpenApiDocument } from "./sdk_openapi.ts";

/** The app as server.ts wires it; no route below touches the store or the replica. */
function app(env: Record<string, string> = {}) {
  const loaded = loadConfig(env);
  assert.ok(loaded.ok);
  const config = { ...loaded.config, secretKey: "sdk-openapi-test-secret-0123456789abcdef" };
  return createApp({ config, store: {} as Store, log: silentLogger, sdk: {} as SdkDeps });
}

Deno.test("sdkOpenApiDocument() is a valid OpenAPI 3.1 document", async () => {
  const validator = new Validator();
  const result = await validator.validate(sdkOpenApiDocument("/api/health"));
  assert.equal(validator.version, "3.1");
  assert.ok(result.valid, JSON.stringify(result.errors, null, 2));
});

Deno.test("the SDK OpenAPI document lists exactly the SDK, health and ready routes", () => {
  const routes = app().routes
    .filter((r) => r.method !== "ALL")
    .map((r) => `${r.method.toLowerCase()} ${r.path}`)
    .filter((r) => / \/api\/(sdk\/|v1\/|health$|ready$)/.test(r));
  const doc = sdkOpenApiDocument("/api/health");
  const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).filter((k) => k !== "servers").map((method) => `${method} ${path}`)
  );
  const mounted = new Set(routes);
  mounted.delete("get /api/v1/openapi.json"); // the same document under Replane's older prefix
  assert.deepEqual([...mounted].sort(), documented.sort());
  for (
    const expected of [
      "post /api/sdk/v1/replication/stream",
      "post /api/v1/replication/stream",
      "get /api/sdk/v1/configs",
      "post /api/sdk/v1/testing/sync",
      "get /api/health",
      "get /api/ready",
    ]
  ) assert.ok(documented.includes(expected), expected);
});

Deno.test("GET /api/sdk/v1/openapi.json and /api/v1/openapi.json serve it, with HEALTHCHECK_PATH", async () => {
  const served = app({ HEALTHCHECK_PATH: "/healthz" });
  for (const path of ["/api/sdk/v1/openapi.json", "/api/v1/openapi.json"]) {
    const res = await served.request(path);
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    const doc = await res.json();
    assert.deepEqual(doc, JSON.parse(JSON.stringify(sdkOpenApiDocument("/healthz"))));
    assert.ok("/healthz" in doc.paths && !("/api/health" in doc.paths));
  }
});
