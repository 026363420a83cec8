import assert from "node:assert/strict";
import { issueText } from "./issues.ts";

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
