import assert from "node:assert/strict";
import type { StoredPropagation } from "../store/repos/receipts.ts";
import { summarize, timeToShare } from "./propagation_summary.ts";

Deno.test("timeToShare() answers when enough clients had it, or null when they never did", () => {
  const samples: [number, number][] = [[10, 5], [40, 4], [900, 1]];
  assert.equal(timeToShare(samples, 10, 0.5), 10);
  assert.equal(timeToShare(samples, 10, 0.9), 40);
  assert.equal(timeToShare(samples, 10, 0.99), 900);
  assert.equal(timeToShare(samples, 10, 1), 900);
  assert.equal(timeToShare(samples, 11, 1), null, "one client never had it");
  assert.equal(timeToShare([], 0, 0.5), null);
});

const row = (over: Partial<StoredPropagation>): StoredPropagation => ({
  instanceId: "a",
  environmentId: "prod",
  revision: 7,
  configId: "c",
  version: 2,
  committedMs: Date.UTC(2026, 0, 1),
  clients: 1,
  samples: [[5, 1]],
  ...over,
});

Deno.test("summarize() merges every instance's clients per version and environment", () => {
  const out = summarize([
    row({ instanceId: "a", clients: 2, samples: [[5, 2]] }),
    row({ instanceId: "b", clients: 2, samples: [[30, 1], [2000, 1]], committedMs: 1 }),
    row({ environmentId: "dev", clients: 1, samples: [] }),
    row({ version: 3, revision: 9, clients: 1, samples: [[12, 1]] }),
  ]);
  const v2 = out.get(2)!;
  assert.equal(v2.length, 2);
  const prod = v2.find((s) => s.environmentId === "prod")!;
  assert.deepEqual(
    [prod.clients, prod.delivered, prod.p50Ms, prod.p99Ms, prod.p100Ms],
    [4, 4, 5, 2000, 2000],
  );
  assert.equal(prod.committedAt, new Date(1).toISOString(), "the earliest commit time");
  const dev = v2.find((s) => s.environmentId === "dev")!;
  assert.deepEqual([dev.clients, dev.delivered, dev.p50Ms, dev.p100Ms], [1, 0, null, null]);
  assert.deepEqual(out.get(3)!.map((s) => [s.revision, s.p100Ms]), [[9, 12]]);
  assert.equal(out.get(1), undefined);
});
