// Bursts of changes through the hub to real Connection streams: what each subscriber reads.
import assert from "node:assert/strict";
import { silentLogger } from "../log.ts";
import type { ReplicaEvent } from "../replica/events.ts";
import type { Frame } from "./frames.ts";
import { Hub, type HubOptions } from "./hub.ts";

const decoder = new TextDecoder();

function hub(options: HubOptions = {}) {
  return new Hub(
    (id) => (id.startsWith("e") ? { projectId: "p", revision: 1, configs: new Map() } : null),
    silentLogger,
    { highWaterMark: 1 << 20, ...options },
  );
}

/** A subscriber that reads its stream as fast as frames come: config name → values read. */
function subscribe(h: Hub, environmentId: string) {
  const c = h.connect({ keyId: "k", environmentId, projectId: "p" }, [])!;
  const reader = c.stream.getReader();
  const values = new Map<string, number[]>();
  const done = (async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      const record = JSON.parse(decoder.decode(r.value as Frame).split("data: ")[1]!);
      const { name, value } = record.config as { name: string; value: number };
      values.set(name, [...values.get(name) ?? [], value]);
    }
  })();
  return { c, values, close: () => (reader.cancel(), done) };
}

let revision = 1;
const change = (environmentId: string, name: string, value: number): ReplicaEvent => ({
  kind: "config",
  environmentId,
  name,
  revision: ++revision,
  json: JSON.stringify({ name, value }),
});

const turn = () => new Promise((r) => setTimeout(r, 0));

/** Waits (generously) until every subscriber has read `expected` for each name. */
async function settle(subs: ReturnType<typeof subscribe>[], expected: Record<string, number>) {
  const deadline = Date.now() + 10_000;
  const ok = () =>
    subs.every((s) => Object.entries(expected).every(([n, v]) => s.values.get(n)?.at(-1) === v));
  while (!ok()) {
    assert.ok(Date.now() < deadline, "not every subscriber got the newest values");
    await turn();
  }
}

Deno.test("Hub: three quick updates reach a normal number of clients as exactly [1,2,3]", async () => {
  // A slow pass in another environment must not coalesce this one.
  const h = hub({ sliceSize: 20 });
  const busy = Array.from({ length: 50 }, () => subscribe(h, "e-busy"));
  const subs = Array.from({ length: 20 }, () => subscribe(h, "e1"));
  h.publish([change("e-busy", "x", 1)]);
  for (const v of [1, 2, 3]) h.publish([change("e1", "a", v)]);
  await settle(subs, { a: 3 });
  for (const s of subs) assert.deepEqual(s.values.get("a"), [1, 2, 3]);
  await settle(busy, { x: 1 });
  h.close();
  await Promise.all([...subs, ...busy].map((s) => s.close()));
});

Deno.test("Hub: a burst to one config during a slow fan-out ends on the newest value, never older after newer", async () => {
  const h = hub({ sliceSize: 3 });
  const subs = Array.from({ length: 25 }, () => subscribe(h, "e1"));
  const burst = 300;
  for (let v = 1; v <= burst; v++) {
    h.publish([change("e1", "a", v)]);
    if (v % 20 === 0) await turn(); // changes come faster than passes go round
  }
  await settle(subs, { a: burst });
  let frames = 0;
  for (const s of subs) {
    const values = s.values.get("a")!;
    frames += values.length;
    for (let i = 1; i < values.length; i++) {
      assert.ok(values[i]! > values[i - 1]!, `${values[i]} read after ${values[i - 1]}`);
    }
  }
  assert.ok(frames < (burst * subs.length) / 4, `coalesced: ${frames} frames`);
  assert.equal(h.stats().fanoutBacklog, 0);
  h.close();
  await Promise.all(subs.map((s) => s.close()));
});

Deno.test("Hub: every config changed in a burst arrives, each with its newest value", async () => {
  const h = hub({ sliceSize: 4 });
  const subs = Array.from({ length: 18 }, () => subscribe(h, "e1"));
  const names = Array.from({ length: 40 }, (_, i) => `c${i}`);
  for (let round = 1; round <= 3; round++) {
    for (const name of names) {
      h.publish([change("e1", name, round)]);
      if (name.endsWith("7")) await turn();
    }
  }
  await settle(subs, Object.fromEntries(names.map((n) => [n, 3])));
  for (const s of subs) {
    for (const name of names) {
      const values = s.values.get(name)!;
      assert.deepEqual(values, [...new Set(values)].sort(), `${name}: in order, no duplicates`);
    }
  }
  h.close();
  await Promise.all(subs.map((s) => s.close()));
});
