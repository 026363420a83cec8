import assert from "node:assert/strict";
import { honoPath, invalid, issueText } from "./registry.ts";

Deno.test("issueText() joins a path and a message that names the same field", () => {
  assert.equal(
    issueText({ path: "variants[0].value", message: "value is 5 bytes" }),
    "variants[0].value is 5 bytes",
  );
  assert.equal(
    issueText({ path: "editors[2]", message: 'editors[2] "x" is a maintainer' }),
    'editors[2] "x" is a maintainer',
  );
  assert.equal(
    issueText({ path: "base.value/limits/0", message: "must be number" }),
    "base.value/limits/0: must be number",
  );
  assert.equal(issueText({ path: "", message: 'unknown field(s) "x"' }), 'unknown field(s) "x"');
});

Deno.test("invalid() is a 400 naming the action, the first problem and how many more", () => {
  const e = invalid("create a config", [
    { path: "name", message: 'name "a b" must match x' },
    { path: "base.value", message: "value is required" },
  ]);
  assert.equal(e.status, 400);
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
