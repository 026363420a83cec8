import assert from "node:assert/strict";
import { Validator } from "@seriousme/openapi-schema-validator";
import { healthPaths } from "./health_openapi.ts";

Deno.test("healthPaths() fit a document whose server is elsewhere (the admin API's)", async () => {
  const paths = healthPaths("/healthz");
  assert.deepEqual(Object.keys(paths), ["/healthz", "/api/ready"]);
  for (const item of Object.values(paths)) assert.deepEqual(item.servers, [{ url: "/" }]);
  const doc = {
    openapi: "3.1.0",
    info: { title: "admin", version: "1" },
    servers: [{ url: "/api/admin/v1" }],
    paths,
  };
  const validator = new Validator();
  const result = await validator.validate(doc);
  assert.ok(result.valid, JSON.stringify(result.errors, null, 2));
  assert.doesNotMatch(JSON.stringify(paths), /\$ref/, "self-contained");
});
