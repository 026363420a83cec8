import assert from "node:assert/strict";
import { looksLikeId, projectPath, projectSegment, segmentNames } from "./project_path.ts";

const ID = "0b6f1c2e-6a4d-4f43-9a55-3c2a3f1e9d10";
const OTHER = "9d2a7e4b-1c3f-4e5a-8b6c-7d8e9f0a1b2c";

Deno.test("projectPath() uses the name, encoded", () => {
  assert.equal(projectPath("ws", { id: ID, name: "Checkout" }), "/w/ws/p/Checkout");
  assert.equal(projectSegment({ id: ID, name: "Web shop / EU" }), "Web%20shop%20%2F%20EU");
  assert.equal(
    projectSegment({ id: ID, name: "Ünïcode 日本" }),
    "%C3%9Cn%C3%AFcode%20%E6%97%A5%E6%9C%AC",
  );
  assert.equal(projectSegment({ id: ID, name: "50% off?#" }), "50%25%20off%3F%23");
});

Deno.test("projectSegment() falls back to the id where a name would be misread", () => {
  assert.equal(projectSegment({ id: ID, name: OTHER }), ID);
  assert.equal(projectSegment({ id: ID, name: OTHER.toUpperCase() }), ID);
  assert.equal(projectSegment({ id: ID, name: "." }), ID);
  assert.equal(projectSegment({ id: ID, name: ".." }), ID);
  assert.equal(projectSegment({ id: ID, name: "..." }), "...");
});

Deno.test("segmentNames() accepts the id or the name, never another id", () => {
  const p = { id: ID, name: "Checkout" };
  assert.ok(segmentNames(ID, p));
  assert.ok(segmentNames("Checkout", p));
  assert.ok(!segmentNames("checkout", p));
  assert.ok(!segmentNames(OTHER, { id: ID, name: OTHER }));
  assert.ok(looksLikeId(ID) && !looksLikeId("Checkout"));
});
