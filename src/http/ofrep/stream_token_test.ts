import assert from "node:assert/strict";
import { checkStreamToken, streamToken, tokenKeyId } from "./stream_token.ts";

const ID = "0b8f0f5e-7a4c-4c55-9a55-3c4f2f6a1b2c";

Deno.test("streamToken() is bound to the secret, the key id and the key hash", () => {
  const token = streamToken("secret-1", ID, "hash-a");
  assert.equal(tokenKeyId(token), ID);
  assert.ok(checkStreamToken(token, "secret-1", ID, "hash-a"));
  assert.ok(!checkStreamToken(token, "secret-2", ID, "hash-a"));
  assert.ok(!checkStreamToken(token, "secret-1", ID, "hash-b"));
  assert.ok(!checkStreamToken(token.slice(0, -1), "secret-1", ID, "hash-a"));
  assert.equal(tokenKeyId("nope"), null);
});
