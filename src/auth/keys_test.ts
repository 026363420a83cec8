import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { generateKey, hashKey, type KeyKind, parseKey, sameHash } from "./keys.ts";

const ID = "0190A3B2-7C4D-7E5F-8a9b-0c1d2e3f4a5b";
const ID_LOWER = ID.toLowerCase();

Deno.test("generateKey() builds prefix + 24 random bytes + the UUID bytes, as hex", () => {
  const sdk = generateKey("sdk", ID);
  assert.match(sdk.key, /^rp_[0-9a-f]{80}$/);
  assert.equal(sdk.key.slice(-32), "0190a3b27c4d7e5f8a9b0c1d2e3f4a5b");
  const admin = generateKey("admin", ID);
  assert.match(admin.key, /^rpa_[0-9a-f]{80}$/);
  assert.equal(admin.key.slice(-32), "0190a3b27c4d7e5f8a9b0c1d2e3f4a5b");
});

Deno.test("generateKey() returns the sha256 hex and the display prefix and suffix", () => {
  const { key, hash, prefix, suffix } = generateKey("sdk", ID);
  assert.equal(hash, createHash("sha256").update(key).digest("hex"));
  assert.equal(prefix, key.slice(0, 7));
  assert.match(prefix, /^rp_[0-9a-f]{4}$/);
  assert.equal(suffix, key.slice(-4));
  const admin = generateKey("admin", ID);
  assert.equal(admin.prefix, admin.key.slice(0, 8));
  assert.match(admin.prefix, /^rpa_[0-9a-f]{4}$/);
});

Deno.test("generateKey() makes a different key every time", () => {
  const a = generateKey("sdk", ID);
  const b = generateKey("sdk", ID);
  assert.notEqual(a.key, b.key);
  assert.notEqual(a.hash, b.hash);
});

Deno.test("generateKey() refuses an id that is not a UUID", () => {
  assert.throws(() => generateKey("sdk", "not-a-uuid"), /id must be a UUID/);
  assert.throws(() => generateKey("admin", ID.replaceAll("-", "")), /id must be a UUID/);
});

Deno.test("parseKey() recovers the lowercase UUID from any generated key", () => {
  fc.assert(
    fc.property(
      fc.uuid({ version: [4, 7] }),
      fc.constantFrom<KeyKind>("sdk", "admin", "relay"),
      (id, kind) => {
        const { key } = generateKey(kind, id);
        assert.deepEqual(parseKey(kind, key), { id: id.toLowerCase() });
      },
    ),
  );
  assert.deepEqual(parseKey("sdk", generateKey("sdk", ID).key), { id: ID_LOWER });
});

Deno.test("parseKey() rejects keys of the other kind and malformed keys", () => {
  const sdk = generateKey("sdk", ID).key;
  const admin = generateKey("admin", ID).key;
  assert.equal(parseKey("admin", sdk), null);
  assert.equal(parseKey("sdk", admin), null);
  const relay = generateKey("relay", ID).key;
  assert.match(relay, /^rpr_[0-9a-f]{80}$/);
  assert.equal(parseKey("sdk", relay), null);
  assert.equal(parseKey("admin", relay), null);
  assert.equal(parseKey("relay", sdk), null);
  assert.equal(parseKey("relay", admin), null);
  const bad = [
    "",
    "rp_",
    sdk.slice(0, -1),
    sdk + "0",
    sdk.toUpperCase(),
    "rp_" + sdk.slice(3).toUpperCase(),
    sdk.slice(0, -1) + "g",
    " " + sdk,
    sdk + "\n",
    "RP_" + sdk.slice(3),
  ];
  for (const key of bad) assert.equal(parseKey("sdk", key), null, JSON.stringify(key));
});

Deno.test("hashKey() is the sha256 hex of the key", () => {
  assert.equal(hashKey("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
});

Deno.test("sameHash() compares exactly", () => {
  const h = hashKey("rp_x");
  assert.equal(sameHash(h, hashKey("rp_x")), true);
  assert.equal(sameHash(h, hashKey("rp_y")), false);
  assert.equal(sameHash(h, h.slice(0, -1)), false);
  assert.equal(sameHash(h, h.toUpperCase()), false);
  assert.equal(sameHash("", ""), true);
});
