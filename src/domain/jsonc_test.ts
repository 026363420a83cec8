import assert from "node:assert/strict";
import { parseJsonc, stripJsonc } from "./jsonc.ts";

Deno.test("parseJsonc() takes comments and trailing commas, and strict JSON as it is", () => {
  assert.deepEqual(
    parseJsonc('{\n  // the limit\n  "max": 10, /* per second */\n  "tags": ["a", "b",],\n}'),
    { max: 10, tags: ["a", "b"] },
  );
  assert.equal(parseJsonc("100"), 100);
  assert.equal(
    parseJsonc('"a // not a comment, /* nor this */"'),
    "a // not a comment, /* nor this */",
  );
  assert.equal(parseJsonc('"quote \\" inside"'), 'quote " inside');
  assert.equal(stripJsonc("[1, 2 ,\n]"), "[1,2]");
});

Deno.test("parseJsonc() refuses what is not JSON once comments are gone", () => {
  assert.throws(() => parseJsonc("hello"), SyntaxError);
  assert.throws(() => parseJsonc("[1,,2]"), SyntaxError);
  assert.throws(() => parseJsonc("{} /* open"), /unterminated/);
  assert.throws(() => parseJsonc(""), SyntaxError);
});
