import assert from "node:assert/strict";
import type { Connection } from "./connection.ts";
import { Fanout } from "./fanout.ts";
import { Feed } from "./feed.ts";

// The fan-out only runs feeds, which only touch `cursor`, send() and ping(): recorders stand in.
function feedOf(n: number, seen: string[], tag: string) {
  const subscribers = new Set(
    Array.from({ length: n }, (_, i) =>
      ({
        cursor: 0,
        send: (name: string) => seen.push(`${tag}${i}:${name}`),
        ping: () => seen.push(`${tag}${i}:ping`),
      }) as unknown as Connection),
  );
  return new Feed(subscribers);
}

const frame = new Uint8Array(1);

/** Lets the fan-out run until it has nothing left (how many turns that takes is its business). */
async function drain(fanout: Fanout) {
  for (let i = 0; fanout.active > 0; i++) {
    assert.ok(i < 1_000, "the fan-out never finishes");
    await new Promise((r) => setTimeout(r, 0));
  }
}

Deno.test("Fanout serves a set that fits a slice at once, larger ones slice by slice", async () => {
  const fanout = new Fanout(3);
  const seen: string[] = [];
  const small = feedOf(3, seen, "s");
  small.append("x", frame);
  fanout.kick(small);
  assert.deepEqual(seen, ["s0:x", "s1:x", "s2:x"], "at or under a slice: synchronous");
  assert.equal(fanout.active, 0);

  const big = feedOf(5, seen, "b");
  big.append("x", frame);
  fanout.kick(big);
  assert.deepEqual(seen.slice(3), ["b0:x", "b1:x", "b2:x"], "the first slice now");
  assert.equal(fanout.active, 1);
  big.append("y", frame);
  fanout.kick(big); // under way: nothing now, the pass picks it up
  assert.equal(seen.length, 6);
  await drain(fanout);
  assert.deepEqual(
    seen.slice(6),
    ["b3:x", "b3:y", "b4:x", "b4:y", "b0:y", "b1:y", "b2:y"],
    "the rest of the pass, then the ones it had passed get the newer frame",
  );
});

Deno.test("Fanout shares each turn's slice among environments, round robin", async () => {
  const fanout = new Fanout(2);
  const seen: string[] = [];
  const a = feedOf(4, seen, "a");
  const b = feedOf(4, seen, "b");
  for (const feed of [a, b]) {
    feed.append("x", frame);
    fanout.kick(feed);
  }
  assert.deepEqual(seen, ["a0:x", "a1:x", "b0:x", "b1:x"], "each starts with its own slice");
  await drain(fanout);
  assert.deepEqual(
    seen.slice(4),
    ["a2:x", "a3:x", "b2:x", "b3:x"],
    "round robin: the rest of a, then of b",
  );
});

Deno.test("Fanout.close() and forget() drop queued work", async () => {
  const fanout = new Fanout(1);
  const seen: string[] = [];
  const a = feedOf(3, seen, "a");
  const b = feedOf(3, seen, "b");
  for (const feed of [a, b]) {
    feed.append("x", frame);
    fanout.kick(feed);
  }
  fanout.forget(a);
  assert.equal(a.size, 0);
  fanout.close();
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(seen, ["a0:x", "b0:x"]);
  assert.equal(fanout.active, 0);
});
