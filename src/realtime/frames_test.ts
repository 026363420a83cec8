import assert from "node:assert/strict";
import { changeFrame, frameIds } from "./frames.ts";

Deno.test("frameIds() puts the id on the last frame of each revision, per stream", () => {
  const ids = frameIds([
    { stream: "a", revision: 5 },
    { stream: "b", revision: 5 },
    null,
    { stream: "a", revision: 5 },
    { stream: "a", revision: 6 },
  ]);
  assert.deepEqual(ids, [null, 5, null, 5, 6]);
});

Deno.test("changeFrame() leaves out the id line when it has no id", () => {
  const text = (f: Uint8Array) => new TextDecoder().decode(f);
  assert.equal(text(changeFrame(7, "1")), 'id: 7\ndata: {"type":"config_change","config":1}\n\n');
  assert.equal(text(changeFrame(null, "1")), 'data: {"type":"config_change","config":1}\n\n');
});
