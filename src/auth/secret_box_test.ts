import assert from "node:assert/strict";
import { secretBox } from "./secret_box.ts";

const KEY = "a-secret-key-of-at-least-32-characters!!";

Deno.test("secretBox() round-trips text and never shows it in the sealed form", () => {
  const box = secretBox(KEY, "test");
  const sealed = box.seal("whsec_plain text ünïcode");
  assert.ok(!sealed.includes("plain"));
  assert.equal(box.open(sealed), "whsec_plain text ünïcode");
  assert.notEqual(box.seal("same"), box.seal("same"), "a fresh IV each time");
});

Deno.test("secretBox() opens nothing sealed under another key or purpose, or tampered with", () => {
  const sealed = secretBox(KEY, "test").seal("secret");
  assert.equal(secretBox(KEY, "other").open(sealed), null);
  assert.equal(secretBox(`${KEY}x`, "test").open(sealed), null);
  const [v, iv, body] = sealed.split(".");
  const flipped = body!.slice(0, -2) + (body!.endsWith("A") ? "B" : "A") + body!.slice(-1);
  assert.equal(secretBox(KEY, "test").open(`${v}.${iv}.${flipped}`), null);
  assert.equal(secretBox(KEY, "test").open("not sealed"), null);
});
