import assert from "node:assert/strict";
import fc from "fast-check";
import { RE2JS } from "re2js";
import { compileUserRegex, estimateProgramSize } from "./schema_regex.ts";

Deno.test("estimateProgramSize() is never below the real RE2 program size", () => {
  const atoms = fc.constantFrom(
    "a",
    "b",
    ".",
    "[a-z]",
    "[^]x]",
    "\\d",
    "\\p{L}",
    "\\u0041",
    "(?:",
    "(",
    ")",
    "|",
    "*",
    "+",
    "?",
    "{2}",
    "{0,5}",
    "{3,}",
    "*?",
    "^",
    "$",
    "(?i)",
  );
  fc.assert(
    fc.property(fc.array(atoms, { maxLength: 30 }), (parts) => {
      const p = parts.join("");
      let real: number;
      try {
        real = RE2JS.compile(RE2JS.translateRegExp(p)).programSize();
      } catch {
        return; // not a pattern RE2 accepts
      }
      assert.ok(estimateProgramSize(p) >= real, `${p}: ${estimateProgramSize(p)} < ${real}`);
    }),
    { numRuns: 3000, seed: 7 },
  );
});

Deno.test("compileUserRegex() matches like RegExp.test on ordinary patterns", () => {
  const cases: [string, string, boolean][] = [
    ["^[a-z]+$", "abc", true],
    ["^[a-z]+$", "abC", false],
    ["\\d{3}", "a123b", true],
    ["^\\S+@\\S+$", "a@b", true],
    ["colou?r", "my color", true],
    ["^\\u00e9$", "é", true],
  ];
  for (const [pattern, text, expected] of cases) {
    const re = compileUserRegex(pattern);
    assert.ok(!("problem" in re), pattern);
    assert.equal(re.test(text), expected, `${pattern} on ${text}`);
    assert.equal(new RegExp(pattern, "u").test(text), expected);
  }
});
