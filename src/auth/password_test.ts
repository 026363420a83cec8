import assert from "node:assert/strict";
import {
  ARGON2_PARAMS,
  checkPasswordStrength,
  DUMMY_PHC,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  needsRehash,
  parsePhc,
  verifyDummy,
  verifyPassword,
} from "./password.ts";

Deno.test("hashPassword() makes an Argon2id PHC string that verifyPassword() accepts", async () => {
  const phc = await hashPassword("correct horse battery");
  assert.match(phc, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.equal(await verifyPassword("correct horse battery", phc), true);
  assert.equal(await verifyPassword("correct horse batterY", phc), false);
  assert.equal(await verifyPassword("", phc), false);
  await assert.rejects(() => hashPassword(""), /empty/);
});

Deno.test("hashPassword() salts every hash", async () => {
  const [a, b] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
  assert.notEqual(a, b);
  assert.equal(await verifyPassword("same password", a!), true);
  assert.equal(await verifyPassword("same password", b!), true);
});

Deno.test("hashPassword() writes the parameters it used", async () => {
  const phc = await hashPassword("pw-123456", { memoryKiB: 64, iterations: 1, parallelism: 2 });
  assert.deepEqual(parsePhc(phc).params, { memoryKiB: 64, iterations: 1, parallelism: 2 });
  assert.equal(await verifyPassword("pw-123456", phc), true);
  assert.equal(needsRehash(phc), true);
});

Deno.test("verifyPassword() accepts reference-implementation hashes with other parameters", async () => {
  // From phc-winner-argon2 src/test.c: password "password", salt "somesalt".
  const p1 = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
  const p2 = "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc";
  assert.equal(await verifyPassword("password", p1), true);
  assert.equal(await verifyPassword("password", p2), true);
  assert.equal(await verifyPassword("passwore", p1), false);
  // Same digest under other parameters must not verify.
  assert.equal(await verifyPassword("password", p1.replace("t=2", "t=3")), false);
});

Deno.test("verifyPassword() rejects a tampered digest", async () => {
  const phc = await hashPassword("tamper-proof");
  const last = phc.at(-2) === "A" ? "B" : "A";
  const tampered = phc.slice(0, -2) + last + phc.slice(-1);
  assert.equal(await verifyPassword("tamper-proof", tampered), false);
});

Deno.test("verifyPassword() throws on stored strings it cannot use", async () => {
  const salt = "c29tZXNhbHQ";
  const digest = "nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
  const bad = [
    "",
    "plaintext",
    `$argon2i$v=19$m=256,t=2,p=1$${salt}$${digest}`,
    `$argon2id$v=16$m=256,t=2,p=1$${salt}$${digest}`,
    `$argon2id$m=256,t=2,p=1$${salt}$${digest}`,
    `$argon2id$v=19$m=4194304,t=2,p=1$${salt}$${digest}`,
    `$argon2id$v=19$m=256,t=1000,p=1$${salt}$${digest}`,
    `$argon2id$v=19$m=256,t=2,p=0$${salt}$${digest}`,
    `$argon2id$v=19$m=8,t=2,p=2$${salt}$${digest}`,
    `$argon2id$v=19$m=256,t=2,p=1$${salt}`,
    `$argon2id$v=19$m=256,t=2,p=1$${salt}==$${digest}`,
    `$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHR$${digest}`, // non-canonical last char
    `$argon2id$v=19$m=256,t=2,p=1$c2FsdA$${digest}`, // 4-byte salt
    `$argon2id$v=19$m=256,t=2,p=1$${salt}$c2hvcnQ`, // 5-byte digest
  ];
  for (const phc of bad) {
    await assert.rejects(() => verifyPassword("password", phc), /Cannot verify password/, phc);
  }
});

Deno.test("verifyDummy() answers false and costs what a real verification costs", async () => {
  assert.equal(await verifyDummy("anything at all"), false);
  assert.equal(await verifyDummy(""), false);
  assert.deepEqual(parsePhc(DUMMY_PHC).params, { ...ARGON2_PARAMS });
  assert.equal(parsePhc(DUMMY_PHC).hash.length, parsePhc(await hashPassword("x")).hash.length);
  assert.equal(needsRehash(DUMMY_PHC), false);
});

Deno.test("checkPasswordStrength() enforces length in characters", () => {
  assert.equal(MIN_PASSWORD_LENGTH, 8);
  assert.match(checkPasswordStrength("1234567") ?? "", /at least 8/);
  assert.equal(checkPasswordStrength("12345678"), null);
  assert.equal(checkPasswordStrength("x".repeat(MAX_PASSWORD_LENGTH)), null);
  assert.match(checkPasswordStrength("x".repeat(MAX_PASSWORD_LENGTH + 1)) ?? "", /at most 1024/);
  // 4 emoji are 8 UTF-16 code units but only 4 characters.
  assert.match(checkPasswordStrength("😀".repeat(4)) ?? "", /at least/);
  assert.equal(checkPasswordStrength("😀".repeat(8)), null);
});
