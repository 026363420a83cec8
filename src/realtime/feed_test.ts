import assert from "node:assert/strict";
import type { Connection } from "./connection.ts";
import { Feed } from "./feed.ts";

// The feed only reads and sets `cursor` and calls send() and ping(): a recorder stands in.
class Recorder {
  cursor = 0;
  got: string[] = [];
  send(name: string, frame: Uint8Array) {
    this.got.push(`${name}=${new TextDecoder().decode(frame)}`);
  }
  ping() {
    this.got.push("ping");
  }
  /** The values received for `name`, in arrival order. */
  values(name: string): number[] {
    return this.got.filter((g) => g.startsWith(`${name}=`)).map((g) => Number(g.split("=")[1]));
  }
}

function feedOf(n: number) {
  const recorders = Array.from({ length: n }, () => new Recorder());
  const subscribers = new Set(recorders as unknown as Connection[]);
  return { feed: new Feed(subscribers), recorders, subscribers };
}

const bytes = (v: number) => new TextEncoder().encode(String(v));

/** Steps until the pass is over; returns how many steps that took. */
function finish(feed: Feed, budget: number): number {
  let steps = 0;
  while (feed.walking || feed.size > 0) {
    feed.step(budget);
    steps++;
    assert.ok(steps < 10_000, "the pass never ends");
  }
  return steps;
}

Deno.test("Feed sends the entries after each cursor, the two newest per name, then forgets them", () => {
  const { feed, recorders } = feedOf(3);
  feed.append("a", bytes(1));
  feed.append("b", bytes(1));
  feed.append("a", bytes(2));
  feed.append("a", bytes(3));
  assert.equal(feed.size, 3, "a=1 was superseded twice before anyone got it");
  assert.equal(feed.step(10), 1, "nine frames sent");
  assert.equal(feed.walking, false, "a set within the budget is done in one step");
  for (const r of recorders) {
    assert.deepEqual(r.got, ["b=1", "a=2", "a=3"]);
    assert.equal(r.cursor, feed.head);
  }
  assert.equal(feed.size, 0);
  assert.equal(feed.step(10), 10, "nothing to do");
});

Deno.test("Feed: a set exactly the size of the budget still finishes in one step", () => {
  const { feed } = feedOf(4);
  feed.append("a", bytes(1));
  assert.equal(feed.step(4), 0);
  assert.equal(feed.walking, false);
  assert.equal(feed.size, 0);
});

Deno.test("Feed: a burst to one config during a slow pass ends on the newest value everywhere, never going back", () => {
  const n = 10;
  const budget = 3;
  const { feed, recorders } = feedOf(n);
  const burst = 200;
  // Four changes per step: far faster than a pass (4 steps) goes round.
  for (let v = 1; v <= burst; v++) {
    feed.append("a", bytes(v));
    if (v % 4 === 0) feed.step(budget);
  }
  // Bounded lag: one pass (two frames per connection) after the last change, plus a step.
  const steps = finish(feed, budget);
  assert.ok(steps <= Math.ceil((2 * n) / budget) + 1, `${steps} steps after the burst`);
  let delivered = 0;
  for (const r of recorders) {
    const values = r.values("a");
    delivered += values.length;
    assert.equal(values.at(-1), burst, "the newest value reached every subscriber");
    for (let i = 1; i < values.length; i++) {
      assert.ok(values[i]! > values[i - 1]!, `${values[i]} after ${values[i - 1]}`);
    }
  }
  // A step sends at most one frame over its budget.
  assert.ok(delivered <= (budget + 1) * (burst / 4 + steps), `coalesced: ${delivered} frames`);
});

Deno.test("Feed: a config changing a bit faster than passes go round still reaches everyone with every value", () => {
  const n = 10;
  const budget = 3; // a pass takes 4 steps
  const { feed, recorders } = feedOf(n);
  for (let v = 1; v <= 30; v++) {
    feed.append("a", bytes(v));
    for (let i = 0; i < 3; i++) feed.step(budget);
  }
  finish(feed, budget);
  const all = Array.from({ length: 30 }, (_, i) => i + 1);
  for (const r of recorders) assert.deepEqual(r.values("a"), all);
});

Deno.test("Feed: every config of a burst arrives, with its newest value", () => {
  const { feed, recorders } = feedOf(7);
  const names = Array.from({ length: 30 }, (_, i) => `c${i}`);
  for (let round = 1; round <= 3; round++) {
    for (const name of names) {
      feed.append(name, bytes(round));
      feed.step(2);
    }
  }
  finish(feed, 2);
  for (const r of recorders) {
    for (const name of names) {
      const values = r.values(name);
      assert.equal(values.at(-1), 3, `${name}: ${values}`);
      assert.deepEqual(values, [...new Set(values)].sort(), `${name} in order, no duplicates`);
    }
  }
});

Deno.test("Feed: subscribers that join mid-pass start at the head; leaving mid-pass is fine", () => {
  const { feed, recorders, subscribers } = feedOf(4);
  feed.append("a", bytes(1));
  feed.step(1);
  const late = new Recorder();
  late.cursor = feed.head;
  subscribers.add(late as unknown as Connection);
  subscribers.delete(recorders[3] as unknown as Connection);
  feed.append("a", bytes(2));
  feed.append("a", bytes(3));
  finish(feed, 1);
  assert.deepEqual(recorders[0]!.got, ["a=1", "a=2", "a=3"], "served before the changes and after");
  assert.deepEqual(recorders[1]!.got, ["a=2", "a=3"], "reached after them: the two newest");
  assert.deepEqual(recorders[3]!.got, [], "left before being reached");
  assert.deepEqual(late.got, ["a=2", "a=3"]);
});

Deno.test("Feed: heartbeats go through ping(), and one pending heartbeat replaces another", () => {
  const { feed, recorders } = feedOf(2);
  feed.heartbeat();
  feed.heartbeat();
  feed.append("a", bytes(1));
  finish(feed, 5);
  for (const r of recorders) assert.deepEqual(r.got, ["ping", "a=1"]);
  feed.append("b", bytes(1));
  feed.clear();
  assert.equal(feed.size, 0);
  assert.equal(feed.step(5), 5);
});
