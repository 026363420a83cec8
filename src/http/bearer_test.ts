import assert from "node:assert/strict";
import { bearerToken } from "./bearer.ts";

Deno.test("bearerToken() takes any casing of the scheme and nothing else", () => {
  assert.equal(bearerToken("Bearer rp_abc"), "rp_abc");
  assert.equal(bearerToken("bEaReR   rp_abc "), "rp_abc");
  assert.equal(bearerToken("Basic abc"), null);
  assert.equal(bearerToken("Bearer "), null);
  assert.equal(bearerToken(undefined), null);
});

Deno.test("bearerToken() refuses a token with spaces in it and takes a null header", () => {
  assert.equal(bearerToken("Bearer rpa_a rpa_b"), null);
  assert.equal(bearerToken(null), null);
  assert.equal(bearerToken("  Bearer rpa_a"), "rpa_a");
});
