import assert from "node:assert/strict";
import fc from "fast-check";
import { fnv1a32, fnv1a32Concat } from "./fnv1a.ts";

// Inputs with lone surrogates are given as UTF-16 code units: JSON tooling rejects them in strings.
type FnvVector = { name: string; input?: string; codeUnits?: number[]; hash: string };

const vectors: FnvVector[] = JSON.parse(
  await Deno.readTextFile(new URL("../../tests/vectors/fnv1a.json", import.meta.url)),
);

// Byte-level reference: encode with TextEncoder, then hash each byte.
function referenceFnv(s: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(s)) {
    h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  }
  return h;
}

// Any UTF-16 code unit, so lone and split surrogates show up often.
const codeUnitString = fc.string({
  unit: fc.oneof(
    fc.constantFrom("a", "Z", "0", "é", "€", "\ud83d", "\ude00"),
    fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
  ),
  maxLength: 12,
});

Deno.test("fnv1a32() matches the golden vectors", () => {
  assert.ok(vectors.length >= 4);
  for (const v of vectors) {
    const input = v.input ?? String.fromCharCode(...v.codeUnits ?? []);
    assert.equal(fnv1a32(input), Number(v.hash), v.name);
  }
});

Deno.test("fnv1a32() hashes the TextEncoder bytes of any string", () => {
  fc.assert(
    fc.property(codeUnitString, (s) => {
      assert.equal(fnv1a32(s), referenceFnv(s));
    }),
    { numRuns: 2000 },
  );
});

Deno.test("fnv1a32Concat() equals fnv1a32 of the concatenation, even across a split pair", () => {
  assert.equal(fnv1a32Concat("a\ud83d", "\ude00b"), fnv1a32("a😀b"));
  fc.assert(
    fc.property(codeUnitString, codeUnitString, (a, b) => {
      assert.equal(fnv1a32Concat(a, b), referenceFnv(a + b));
    }),
    { numRuns: 2000 },
  );
});

Deno.test("fnv1a32() returns an unsigned 32-bit integer", () => {
  const h = fnv1a32("a");
  assert.equal(h, 0xe40c292c);
  assert.ok(h > 0x7fffffff, "the high bit must not make it negative");
});
