// How weighted rules and exclusion groups spread real traffic, measured through the
// published SDK: 100,000 synthetic userIds per check.
import assert from "node:assert/strict";
import { InMemoryReplane } from "@replanejs/sdk";
import type { Override, PercentRange } from "../src/domain/overrides.ts";
import { type RenderSource, renderWire, type TargetLookup } from "../src/domain/render.ts";
import { allocate } from "../src/domain/targeting/allocation.ts";
import type { ExclusionGroup } from "../src/domain/targeting/model.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const N = 100_000;
const users = Array.from({ length: N }, (_, i) => `user-${i}`);

/** Each user's value of `config`, as the SDK evaluates its compiled form. */
function served(config: RenderSource, targets?: TargetLookup): unknown[] {
  const wire = renderWire(config, "env", () => undefined, targets);
  const sdk = new InMemoryReplane({ logger: silent });
  sdk.set(wire.name, wire.value, { overrides: wire.overrides as never });
  return users.map((userId) => sdk.get(wire.name, { context: { userId } as never }));
}

const configWith = (name: string, overrides: Override[]): RenderSource => ({
  projectId: "p",
  name,
  value: "base",
  overrides,
  variants: [],
});

const split = (
  weights: Record<string, number>,
  ranges?: PercentRange[][],
  exclusion?: { group: string; slice: string },
): Override => ({
  name: "experiment",
  conditions: [],
  split: {
    property: "userId",
    seed: "checkout-2024",
    variants: Object.entries(weights).map(([name, weight], i) => ({
      name,
      value: name,
      weight,
      ...(ranges ? { ranges: ranges[i]! } : {}),
    })),
    ...(exclusion ? { exclusion } : {}),
  },
});

function shares(values: unknown[]): Map<unknown, number> {
  const counts = new Map<unknown, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return new Map([...counts].map(([k, n]) => [k, n / values.length]));
}

Deno.test("a 50/30/20 split serves each variant to its weight within ±1% of 100,000 users", () => {
  const got = shares(served(configWith("c", [split({ control: 50, blue: 30, green: 20 })])));
  assert.equal(got.get("base"), undefined, "every user with a userId gets a variant");
  for (const [name, weight] of [["control", 0.5], ["blue", 0.3], ["green", 0.2]] as const) {
    const share = got.get(name) ?? 0;
    assert.ok(Math.abs(share - weight) <= 0.01, `${name}: ${share} is not within 1% of ${weight}`);
  }
});

Deno.test("changing 50/30/20 to 40/30/30 moves only the 10% that control gave up", () => {
  const variants = ["control", "blue", "green"];
  const before = allocate(
    variants.map((name, i) => ({ name, weight: [50, 30, 20][i]! })),
    new Map(),
  );
  const after = allocate(
    variants.map((name, i) => ({ name, weight: [40, 30, 30][i]! })),
    new Map(variants.map((n, i) => [n, before[i]!])),
  );
  const a = served(configWith("c", [split({ control: 50, blue: 30, green: 20 }, before)]));
  const b = served(configWith("c", [split({ control: 40, blue: 30, green: 30 }, after)]));
  let moved = 0;
  for (let i = 0; i < N; i++) {
    if (a[i] === b[i]) continue;
    moved++;
    // Only control shrank, and only towards green, which grew.
    assert.equal(a[i], "control");
    assert.equal(b[i], "green");
  }
  assert.ok(Math.abs(moved / N - 0.1) <= 0.01, `${moved / N} of users moved, not about 10%`);
});

Deno.test("an exclusion group of 4 experiments never puts one user in two of them", () => {
  const slices = ["checkout", "search", "pricing", "onboarding"].map((name) => ({
    name,
    weight: 22.5,
  }));
  const group: ExclusionGroup = {
    name: "growth",
    property: "userId",
    seed: "growth-group",
    slices,
  };
  const targets: TargetLookup = {
    segment: () => undefined,
    group: (n) => (n === "growth" ? group : undefined),
  };
  const results = slices.map((s) =>
    served(
      configWith(s.name, [
        split({ on: 50, off: 50 }, undefined, { group: "growth", slice: s.name }),
      ]),
      targets,
    )
  );
  let inNone = 0;
  for (let i = 0; i < N; i++) {
    const inside = results.filter((r) => r[i] !== "base").length;
    assert.ok(inside <= 1, `${users[i]} is in ${inside} experiments`);
    if (inside === 0) inNone++;
  }
  for (const [k, r] of results.entries()) {
    const share = r.filter((v) => v !== "base").length / N;
    assert.ok(Math.abs(share - 0.225) <= 0.01, `${slices[k]!.name}: ${share} of users`);
  }
  assert.ok(Math.abs(inNone / N - 0.1) <= 0.01, `${inNone / N} of users are in no experiment`);
});
