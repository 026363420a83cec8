// Random override trees and contexts in the rendered (wire) form, built to make the SDK's
// casting and three-valued rules fire often: tests/evaluate_property_test.ts holds our
// evaluator against the published SDK with them, tests/sdk_js_parity_test.ts our own SDK
// against the server.
import fc from "fast-check";
import type {
  Json,
  RenderedCondition,
  RenderedOverride,
  Scalar,
  WireConfig,
} from "../../src/domain/overrides.ts";

// A few property names, so conditions and contexts meet often. "toString" exists on every
// object's prototype, which both sides must treat alike.
const propertyName = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom("a", "b", "c", "userId") },
  { weight: 1, arbitrary: fc.constant("toString") },
);

const codeUnitString = fc.string({
  unit: fc.oneof(
    fc.constantFrom("a", "b", "1", "-", "é", "\ud83d", "\ude00"),
    fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
  ),
  maxLength: 6,
});

// Mostly a small shared pool, so expected and context values meet often and every casting
// rule fires; sometimes anything.
const scalar: fc.Arbitrary<Scalar> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.constantFrom<Scalar[]>("", "a", "1", "true", "false", "0", 0, 1, true, false),
  },
  {
    weight: 4,
    arbitrary: fc.constantFrom<Scalar[]>(
      ...["b", "1.5", " 1 ", "0x10", "null", "A", "01", "1e3", "-0", "Infinity"],
      ...["TRUE", "NaN", "é", "😀", 2, 1.5, 16, -0, -1, 1000, 1e21, 0.1, null],
    ),
  },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: codeUnitString },
);

// Context values: scalars plus what only a JS caller can pass.
const contextValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 20, arbitrary: scalar },
  { weight: 1, arbitrary: fc.constantFrom(undefined, NaN, Infinity, -Infinity) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 2 }) },
);

const ABSENT = Symbol("absent");
export const context: fc.Arbitrary<Record<string, unknown>> = fc.tuple(
  ...["a", "b", "c", "userId"].map((key) =>
    fc.tuple(fc.constant(key), fc.option(contextValue, { nil: ABSENT, freq: 4 }))
  ),
  fc.tuple(
    fc.constant("toString"),
    fc.oneof({ weight: 9, arbitrary: fc.constant(ABSENT) }, { weight: 1, arbitrary: contextValue }),
  ),
).map((entries) => Object.fromEntries(entries.filter(([, v]) => v !== ABSENT)));

// undefined = an unresolved reference: the rendered condition has no value key.
const expectedValue = (listWeight: number): fc.Arbitrary<Json | undefined> =>
  fc.oneof(
    { weight: 8, arbitrary: scalar },
    { weight: listWeight, arbitrary: fc.array(scalar, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.dictionary(fc.constantFrom("k", "l"), scalar, { maxKeys: 2 }) },
  );

const propertyConditionOf = (operators: string[], listWeight: number) =>
  fc.record({
    operator: fc.constantFrom(...operators),
    property: propertyName,
    value: expectedValue(listWeight),
  }).map(({ operator, property, value }) =>
    (value === undefined
      ? { operator, property }
      : { operator, property, value }) as RenderedCondition
  );

// "regex" stands for an operator the SDK does not know.
const propertyCondition: fc.Arbitrary<RenderedCondition> = fc.oneof(
  { weight: 10, arbitrary: propertyConditionOf(["equals"], 1) },
  { weight: 10, arbitrary: propertyConditionOf(["in", "not_in"], 40) },
  {
    weight: 10,
    arbitrary: propertyConditionOf(
      ["less_than", "less_than_or_equal", "greater_than", "greater_than_or_equal"],
      1,
    ),
  },
  { weight: 1, arbitrary: propertyConditionOf(["regex"], 4) },
);

const percentage = fc.oneof(
  fc.integer({ min: 0, max: 100 }),
  fc.double({ min: 0, max: 100, noNaN: true }),
);

const segmentation: fc.Arbitrary<RenderedCondition> = fc.record({
  operator: fc.constant("segmentation" as const),
  property: propertyName,
  fromPercentage: percentage,
  toPercentage: percentage,
  seed: fc.oneof(fc.constantFrom("", "seed-1", "rollout"), codeUnitString),
});

export const { condition } = fc.letrec<{ condition: RenderedCondition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    propertyCondition,
    segmentation,
    fc.record({
      operator: fc.constantFrom("and" as const, "or" as const),
      conditions: fc.array(tie("condition"), { maxLength: 3 }),
    }),
    fc.record({ operator: fc.constant("not" as const), condition: tie("condition") }),
  ),
}));

// Unique override values make the matched index readable from the value.
export const wireConfig: fc.Arbitrary<WireConfig> = fc.array(
  fc.array(condition, { maxLength: 3 }),
  { maxLength: 5 },
).map((lists) => ({
  name: "c",
  value: "base",
  overrides: lists.map((conditions, i): RenderedOverride => ({
    name: `o${i}`,
    conditions,
    value: `v${i}`,
  })),
}));
