import assert from "node:assert/strict";
import { invalid } from "../../domain/errors.ts";
import { fromDomain } from "../errors.ts";
import { honoPath } from "./registry.ts";

Deno.test("invalid() is a 400 naming the action, the first problem and how many more", () => {
  const e = invalid("create a config", [
    { path: "name", message: 'name "a b" must match x' },
    { path: "base.value", message: "value is required" },
  ]);
  assert.equal(fromDomain(e, { action: "create a config" }).status, 400);
  assert.equal(
    e.message,
    'Cannot create a config: name "a b" must match x (and 1 more problem(s))',
  );
  assert.equal(e.issues?.length, 2);
});

Deno.test("honoPath() turns OpenAPI parameters into Hono's", () => {
  assert.equal(
    honoPath("/projects/{projectId}/configs/{name}"),
    "/projects/:projectId/configs/:name",
  );
});
