import assert from "node:assert/strict";
import { parseJson, positionOf } from "./json_text.ts";

Deno.test("parseJson() agrees with JSON.parse on valid text", () => {
  const samples = [
    "0",
    "-1.5e3",
    '"a\\n\\u00e9"',
    "[1, [2, {}], null]",
    '{"a": {"b": [true, false]}, "": 1}',
    "  \n true \n",
  ];
  for (const text of samples) {
    const parsed = parseJson(text);
    assert.ok(parsed.ok, text);
    assert.deepEqual(parsed.value, JSON.parse(text));
  }
});

Deno.test("parseJson() refuses what JSON.parse refuses, with a line and column", () => {
  const cases: [string, number, number][] = [
    ['{\n  "a": 1,\n}', 3, 1],
    ["[1, 2", 1, 6],
    ["{'a': 1}", 1, 2],
    ['"line\nbreak"', 1, 1],
    ["01", 1, 2],
    ["true false", 1, 6],
    ["", 1, 1],
  ];
  for (const [text, line, col] of cases) {
    assert.throws(() => JSON.parse(text));
    const parsed = parseJson(text);
    assert.ok(!parsed.ok, text);
    assert.deepEqual(
      [parsed.line, parsed.col],
      [line, col],
      `${JSON.stringify(text)}: ${parsed.message}`,
    );
  }
});

Deno.test("positionOf() finds a value by JSON Pointer, or its closest parent", () => {
  const parsed = parseJson('{\n  "limits": [\n    {"max": 5}\n  ],\n  "a/b": 1\n}');
  assert.ok(parsed.ok);
  assert.deepEqual(positionOf(parsed, "/limits/0/max"), { line: 3, col: 13 });
  assert.deepEqual(positionOf(parsed, "/limits/0/missing"), { line: 3, col: 5 });
  assert.deepEqual(positionOf(parsed, "/a~1b"), { line: 5, col: 10 });
});
