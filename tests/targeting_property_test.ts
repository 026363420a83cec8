// The targeting compiler against the published SDK: random segments, prerequisites, weighted
// rules and exclusion groups, compiled to Replane overrides and evaluated by @replanejs/sdk,
// give exactly what the direct evaluator (src/domain/targeting/direct.ts) gives.
import assert from "node:assert/strict";
import fc from "fast-check";
import { InMemoryReplane } from "@replanejs/sdk";
import { evaluateValue } from "../src/domain/evaluate.ts";
import type {
  Condition,
  Json,
  Override,
  PercentRange,
  Scalar,
  SplitVariant,
  WireConfig,
} from "../src/domain/overrides.ts";
import { type RenderSource, renderWire, type TargetLookup } from "../src/domain/render.ts";
import { allocate } from "../src/domain/targeting/allocation.ts";
import type { CompileSources } from "../src/domain/targeting/compile.ts";
import { compileFor } from "../src/domain/render.ts";
import { evaluateDirect } from "../src/domain/targeting/direct.ts";
import type { ExclusionGroup, Segment } from "../src/domain/targeting/model.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const sdk = new InMemoryReplane({ logger: silent });

function sdkValue(config: WireConfig, context: Record<string, unknown>): unknown {
  sdk.set(config.name, config.value, { overrides: config.overrides as never });
  return sdk.get(config.name, { context: context as never });
}

const PROPERTIES = ["a", "b", "userId"];
const scalar = fc.constantFrom<Scalar[]>("x", "y", "1", 1, 2, true, false, null, "");
const value: fc.Arbitrary<Json> = fc.constantFrom<Json[]>("v1", "v2", "v3", true, false, 1, {
  k: 1,
});

const literal = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
const plainLeaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({
    operator: fc.constantFrom(
      "equals" as const,
      "in" as const,
      "not_in" as const,
      "less_than" as const,
      "greater_than_or_equal" as const,
    ),
    property: fc.constantFrom(...PROPERTIES),
    value: literal.map((v) => ({ type: "literal" as const, value: v })),
  }),
  fc.record({
    operator: fc.constant("segmentation" as const),
    property: fc.constantFrom(...PROPERTIES),
    fromPercentage: fc.integer({ min: 0, max: 100 }),
    toPercentage: fc.integer({ min: 0, max: 100 }),
    seed: fc.constantFrom("", "s", "seed-2"),
  }),
);

const targetingLeaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({
    operator: fc.constantFrom("in_segment" as const, "not_in_segment" as const),
    // "gone" names no segment: unresolved.
    segment: fc.constantFrom("s1", "s2", "s3", "gone"),
  }),
  fc.record({
    operator: fc.constant("prerequisite" as const),
    // Any config, the root included (a cycle), or one that does not exist.
    config: fc.constantFrom("A", "B", "C", "root", "missing"),
    values: fc.array(value, { minLength: 1, maxLength: 2 }),
  }),
);

const { condition } = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    plainLeaf,
    targetingLeaf,
    targetingLeaf,
    fc.record({
      operator: fc.constantFrom("and" as const, "or" as const),
      conditions: fc.array(tie("condition"), { maxLength: 3 }),
    }),
    fc.record({ operator: fc.constant("not" as const), condition: tie("condition") }),
  ),
}));

/** Integer weights adding up to 100, `n` of them (some may be 0). */
const weights = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 100 }), { minLength: n - 1, maxLength: n - 1 }).map(
    (cuts) => {
      const sorted = [0, ...cuts.sort((x, y) => x - y), 100];
      return sorted.slice(1).map((c, i) => c - sorted[i]!);
    },
  );

/** Ranges as a history of weight changes leaves them: fragmented, yet disjoint. */
const allocated = (names: string[], total: number, exact: boolean) =>
  fc.tuple(weights(names.length + 1), weights(names.length + 1)).map(([before, after]) => {
    const scale = (w: number[]) => {
      const list = w.slice(0, names.length);
      if (exact) list[0]! += w[names.length]!;
      return list.map((x) => (x * total) / 100);
    };
    const old = allocate(
      names.map((name, i) => ({ name, weight: scale(before)[i]! })),
      new Map(),
    );
    const next = names.map((name, i) => ({ name, weight: scale(after)[i]! }));
    return { ranges: allocate(next, new Map(names.map((n, i) => [n, old[i]!]))), weights: next };
  });

const split: fc.Arbitrary<
  Override["conditions"] extends never ? never : Omit<
    Extract<Override, { split: unknown }>,
    "name" | "conditions"
  >
> = fc.integer({ min: 1, max: 3 }).chain((n) => {
  const names = Array.from({ length: n }, (_, i) => `var${i}`);
  return fc.record({
    alloc: allocated(names, 100, true),
    values: fc.array(value, { minLength: n, maxLength: n }),
    property: fc.constantFrom("userId", "a"),
    seed: fc.option(fc.constantFrom("exp", "exp-2"), { nil: undefined }),
    exclusion: fc.option(
      fc.record({
        group: fc.constantFrom("g1", "g1", "nogroup"),
        slice: fc.constantFrom("one", "two", "none"),
      }),
      { nil: undefined },
    ),
    withRanges: fc.boolean(),
  }).map(({ alloc, values, property, seed, exclusion, withRanges }) => {
    const variants: SplitVariant[] = names.map((name, i) => ({
      name,
      value: values[i]!,
      weight: alloc.weights[i]!.weight,
      ...(withRanges ? { ranges: alloc.ranges[i]! as PercentRange[] } : {}),
    }));
    return {
      split: {
        property,
        ...(seed === undefined ? {} : { seed }),
        variants,
        ...(exclusion ? { exclusion } : {}),
      },
    };
  });
});

const override: fc.Arbitrary<Override> = fc.record({
  name: fc.constantFrom("o1", "o2"),
  conditions: fc.array(condition, { maxLength: 2 }),
  body: fc.oneof(value.map((v) => ({ value: v })), split),
}).map(({ name, conditions, body }) => ({ name, conditions, ...body }) as Override);

const configBody = fc.record({
  value,
  overrides: fc.array(override, { maxLength: 3 }),
});

const segment = (name: string): fc.Arbitrary<Segment> =>
  fc.array(plainLeaf, { maxLength: 2 }).map((conditions) => ({
    name,
    conditions,
  }));

const group: fc.Arbitrary<ExclusionGroup> = fc.record({
  alloc: allocated(["one", "two"], 90, false),
  property: fc.constantFrom("userId", "b"),
  withRanges: fc.boolean(),
}).map(({ alloc, property, withRanges }) => ({
  name: "g1",
  property,
  seed: "group-seed",
  slices: alloc.weights.map((w, i) => ({
    ...w,
    ...(withRanges ? { ranges: alloc.ranges[i]! } : {}),
  })),
}));

const model = fc.record({
  root: configBody,
  A: configBody,
  B: configBody,
  C: configBody,
  s1: segment("s1"),
  s2: segment("s2"),
  s3: segment("s3"),
  g1: group,
});

const contextValue = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 4, arbitrary: fc.string({ maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
const context = fc.record({
  a: contextValue,
  b: contextValue,
  userId: fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(undefined)),
}, { requiredKeys: [] });

type Model = typeof model extends fc.Arbitrary<infer M> ? M : never;

function sourcesOf(m: Model) {
  const configs = new Map<string, RenderSource>(
    (["root", "A", "B", "C"] as const).map((name) => [name, {
      projectId: "p",
      name,
      value: m[name].value,
      overrides: m[name].overrides,
      variants: [],
    }]),
  );
  const segments = new Map([m.s1, m.s2, m.s3].map((s) => [s.name, s]));
  const targets: TargetLookup = {
    segment: (n) => segments.get(n),
    group: (n) => (n === "g1" ? m.g1 : undefined),
  };
  const direct: CompileSources = {
    body: (n) => {
      const c = configs.get(n);
      return c && { value: c.value, overrides: c.overrides };
    },
    ...targets,
    resolve: () => undefined,
  };
  return { configs, targets, direct };
}

Deno.test("compiled targeting evaluated by @replanejs/sdk equals the direct evaluator", () => {
  fc.assert(
    fc.property(model, context, (m, ctx) => {
      const { configs, targets, direct } = sourcesOf(m);
      const root = configs.get("root")!;
      const compiled = compileFor(root, "env", (n) => configs.get(n), targets);
      assert.ok(!compiled.problems.some((p) => /expands|deeper/.test(p.message)));
      const wire = renderWire(root, "env", (n) => configs.get(n), targets);
      const expected = evaluateDirect("root", m.root, direct, ctx);
      assert.deepEqual(sdkValue(wire, ctx), expected);
      assert.deepEqual(evaluateValue(wire, ctx), expected);
    }),
    { numRuns: 5000 },
  );
});

Deno.test("a prerequisite cycle is reported naming the cycle, and never matches", () => {
  const m = (name: string, other: string): RenderSource => ({
    projectId: "p",
    name,
    value: false,
    overrides: [{
      name: "o",
      conditions: [{ operator: "prerequisite", config: other, values: [true] }],
      value: true,
    }],
    variants: [],
  });
  const configs = new Map([["a", m("a", "b")], ["b", m("b", "a")]]);
  const compiled = compileFor(configs.get("a")!, "env", (n) => configs.get(n));
  assert.deepEqual(compiled.problems, [{
    path: "overrides[0].conditions[0].config",
    message: "prerequisites form a cycle: a → b → a",
    severity: "issue",
  }]);
  const wire = renderWire(configs.get("a")!, "env", (n) => configs.get(n));
  for (const ctx of [{}, { userId: "u" }]) assert.equal(sdkValue(wire, ctx), false);
});
