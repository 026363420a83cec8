// Found by the hostile-input run: an error message for a value with a 50,000-character key
// took seconds to build, because the regex naming the field backtracked over the whole path.
import assert from "node:assert/strict";
import { issueText } from "../src/domain/issues.ts";

Deno.test("issueText() is fast on a path with a huge key, and unchanged on normal ones", () => {
  const started = performance.now();
  const path = `base.value/${"a".repeat(50_000)}!`;
  assert.equal(issueText({ path, message: "must be number" }), `${path}: must be number`);
  // A liveness bound: the quadratic regex took about 2 s for 20,000 characters here.
  assert.ok(performance.now() - started < 500);
  assert.equal(
    issueText({ path: "variants[0].value", message: "value is 5 bytes" }),
    "variants[0].value is 5 bytes",
  );
  assert.equal(
    issueText({ path: "editors[2]", message: "editors[2] is wrong" }),
    "editors[2] is wrong",
  );
  assert.equal(
    issueText({ path: "base.value/x", message: "must be number" }),
    "base.value/x: must be number",
  );
});
