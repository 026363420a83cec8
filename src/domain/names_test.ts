import assert from "node:assert/strict";
import {
  CONFIG_NAME_PATTERN,
  configName,
  configNameSchema,
  email,
  environmentName,
  normalizeEmail,
  projectName,
  quote,
  workspaceName,
} from "./names.ts";

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.error?.issues.map((i) => i.message) ?? [];

Deno.test("configName accepts letters, digits, _ and - up to 100 characters", () => {
  for (const name of ["a", "rate-limit", "FEATURE_x_1", "x".repeat(100)]) {
    assert.equal(configName.parse(name), name);
  }
  assert.equal(CONFIG_NAME_PATTERN.source, "^[A-Za-z0-9_-]{1,100}$");
});

Deno.test("configName rejects other names, quoting the value and the pattern", () => {
  assert.deepEqual(messages(configName.safeParse("a b")), [
    'name "a b" must match ^[A-Za-z0-9_-]{1,100}$',
  ]);
  for (const bad of ["", "x".repeat(101), "a.b", "é", "a\n"]) {
    assert.equal(configName.safeParse(bad).success, false, bad);
  }
  assert.deepEqual(messages(configName.safeParse(5)), ["name 5 must be a string"]);
  assert.deepEqual(messages(configName.safeParse(undefined)), ["name is required"]);
});

Deno.test("configNameSchema() names the given field", () => {
  assert.deepEqual(messages(configNameSchema("configName").safeParse("a/b")), [
    'configName "a/b" must match ^[A-Za-z0-9_-]{1,100}$',
  ]);
});

Deno.test("display names are trimmed and must be 1..100 characters", () => {
  assert.equal(workspaceName.parse("  Acme Corp \t"), "Acme Corp");
  assert.deepEqual(messages(projectName.safeParse("   ")), ['name "" must not be empty']);
  assert.equal(environmentName.parse("ü".repeat(100)), "ü".repeat(100));
  // Counted in code points: 100 emoji are 200 UTF-16 units but fit.
  assert.equal(workspaceName.safeParse("😀".repeat(100)).success, true);
  assert.equal(workspaceName.safeParse("😀".repeat(101)).success, false);
  assert.match(messages(workspaceName.safeParse("x".repeat(101)))[0]!, /at most 100 characters$/);
});

Deno.test("display names reject control characters", () => {
  for (const bad of ["a\u0000b", "a\nb", "tab\tinside", "del\u007f", "c1\u0085"]) {
    const r = projectName.safeParse(bad);
    assert.equal(r.success, false, JSON.stringify(bad));
    assert.match(messages(r)[0]!, /must not contain control characters$/);
  }
});

Deno.test("display names reject bidi controls and lone surrogates", () => {
  for (const bad of ["evil\u202etxt", "a\u2066b", "x\ud800", "\udc00y"]) {
    const r = projectName.safeParse(bad);
    assert.equal(r.success, false, JSON.stringify(bad));
    assert.match(messages(r)[0]!, /bidirectional control|well-formed Unicode/);
  }
  assert.equal(projectName.parse("Ünïcode 日本 😀"), "Ünïcode 日本 😀");
});

Deno.test("normalizeEmail() trims and lower-cases", () => {
  assert.equal(normalizeEmail("  Bob.Smith@Example.COM \n"), "bob.smith@example.com");
});

Deno.test("email normalizes valid addresses", () => {
  assert.equal(email.parse(" Ann@Example.org "), "ann@example.org");
  assert.equal(email.parse("admin@localhost"), "admin@localhost");
});

Deno.test("email rejects what is not an address", () => {
  for (const bad of ["", "nope", "a@", "@b", "a b@c", "a@b@c"]) {
    const r = email.safeParse(bad);
    assert.equal(r.success, false, bad);
    assert.match(messages(r)[0]!, /^email ".*" is not an email address$/);
  }
  const long = `${"a".repeat(250)}@b.co`;
  assert.match(messages(email.safeParse(long))[0]!, /must be at most 254 characters$/);
});

Deno.test("quote() shows JSON and cuts long values", () => {
  assert.equal(quote("a b"), '"a b"');
  assert.equal(quote(undefined), "undefined");
  assert.equal(quote("x".repeat(100), 10), `"xxxxxxxxx…`);
});
