import assert from "node:assert/strict";
import { pathOf } from "./sdk_snapshot.ts";

Deno.test("pathOf() takes the path of an absolute URL without its query", () => {
  assert.equal(pathOf("http://127.0.0.1:8080/api/sdk/v1/configs"), "/api/sdk/v1/configs");
  assert.equal(pathOf("http://h/api/sdk/v1/configs?x=1/2"), "/api/sdk/v1/configs");
  assert.equal(pathOf("https://h"), "/");
  assert.equal(pathOf("http://h/"), "/");
});
