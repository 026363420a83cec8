import assert from "node:assert/strict";
import type { Connection } from "./connection.ts";
import { Fanout } from "./fanout.ts";

// Fanout only hands connections to the callback; plain objects stand in for them.
const conns = (n: number) =>
  new Set(Array.from({ length: n }, (_, i) => ({ id: i }) as unknown as Connection));
const id = (c: Connection) => (c as unknown as { id: number }).id;
const tick = () => new Promise((r) => setTimeout(r, 0));

Deno.test("Fanout serves small sets at once and large ones slice by slice, in order", async () => {
  const fanout = new Fanout(3);
  const seen: string[] = [];
  fanout.run(conns(2), (c) => seen.push(`a${id(c)}`));
  assert.deepEqual(seen, ["a0", "a1"], "at or under a slice: synchronous");

  const many = conns(5);
  fanout.run(many, (c) => seen.push(`b${id(c)}`));
  fanout.run(conns(1), (c) => seen.push(`c${id(c)}`));
  assert.deepEqual(seen.slice(2), ["b0", "b1", "b2"], "the first slice now, the rest later");
  assert.equal(fanout.backlog, 3);
  await tick();
  assert.deepEqual(seen.slice(5), ["b3", "b4", "c0"], "queued jobs keep their order");
  assert.equal(fanout.backlog, 0);
});

Deno.test("Fanout.close() drops queued work", async () => {
  const fanout = new Fanout(1);
  const seen: number[] = [];
  fanout.run(conns(3), (c) => seen.push(id(c)));
  fanout.close();
  await tick();
  assert.deepEqual(seen, [0]);
});
