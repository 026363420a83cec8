import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { checkCsrf, csrfToken, newSessionToken, sha256Hex } from "./tokens.ts";

const SECRET = "test-secret-key-of-reasonable-length";

Deno.test("newSessionToken() is 32 random bytes in base64url", () => {
  const a = newSessionToken();
  const b = newSessionToken();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, b);
  const bytes = Uint8Array.from(
    atob(a.replaceAll("-", "+").replaceAll("_", "/") + "="),
    (c) => c.charCodeAt(0),
  );
  assert.equal(bytes.length, 32);
});

Deno.test("sha256Hex() hashes UTF-8 and answers lowercase hex", () => {
  assert.equal(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert.equal(
    sha256Hex("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  // UTF-8, not UTF-16 or Latin-1: "é" is the two bytes c3 a9.
  assert.equal(
    sha256Hex("é"),
    createHash("sha256").update(new Uint8Array([0xc3, 0xa9])).digest("hex"),
  );
});

Deno.test("csrfToken() is deterministic per session and secret", () => {
  const session = newSessionToken();
  const t = csrfToken(session, SECRET);
  assert.match(t, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(csrfToken(session, SECRET), t);
  assert.notEqual(csrfToken(newSessionToken(), SECRET), t);
  assert.notEqual(csrfToken(session, SECRET + "x"), t);
});

Deno.test("csrfToken() refuses an empty secret", () => {
  assert.throws(() => csrfToken("s", ""), /secret key is empty/);
});

Deno.test("checkCsrf() accepts only the session's own token", () => {
  const session = newSessionToken();
  const other = newSessionToken();
  const t = csrfToken(session, SECRET);
  assert.equal(checkCsrf(session, SECRET, t), true);
  assert.equal(checkCsrf(other, SECRET, t), false);
  assert.equal(checkCsrf(session, "another-secret", t), false);
  assert.equal(checkCsrf(session, SECRET, t.slice(0, -1)), false);
  assert.equal(checkCsrf(session, SECRET, t + "A"), false);
  assert.equal(checkCsrf(session, SECRET, ""), false);
  assert.equal(checkCsrf(session, SECRET, null), false);
  assert.equal(checkCsrf(session, SECRET, undefined), false);
  // An HMAC of the session under the same secret but made for another purpose does not pass.
  const plain = createHmac("sha256", SECRET).update(session).digest("base64url");
  assert.equal(checkCsrf(session, SECRET, plain), false);
});
