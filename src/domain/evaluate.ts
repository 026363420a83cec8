// Override evaluation, equal to @replanejs/sdk@1.0.4 `evaluateOverrides` (REPLANE_COMPAT.md §2.4).
// Results are three-valued and encoded so the logic is arithmetic (Kleene order
// not_matched < unknown < matched): `and` is min, `or` is max, `not` is 2 - r.
// The leaf rules and these combinators are shared by the lean path (evaluateValue)
// and the tracing path (evaluate); only the tree walk differs.

import { fnv1a32Concat } from "./fnv1a.ts";
import type {
  Json,
  PropertyOperator,
  RenderedCondition,
  SegmentationCondition,
  WireConfig,
} from "./overrides.ts";

const NOT_MATCHED = 0;
const UNKNOWN = 1;
const MATCHED = 2;
type Outcome = typeof NOT_MATCHED | typeof UNKNOWN | typeof MATCHED;

export type MatchResult = "matched" | "not_matched" | "unknown";
const RESULT_NAMES: readonly MatchResult[] = ["not_matched", "unknown", "matched"];
const RESULT_CODES: Readonly<Record<MatchResult, Outcome>> = {
  not_matched: NOT_MATCHED,
  unknown: UNKNOWN,
  matched: MATCHED,
};

export type EvaluationContext = Record<string, unknown>;

export type ConditionTrace =
  | {
    operator: PropertyOperator;
    property: string;
    result: MatchResult;
    /** The rendered condition value; absent when its reference was unresolved. */
    expected?: Json;
    /** The context value; absent when the context lacks the property. */
    actual?: unknown;
    /** The expected value after casting to the context value's type, when that changed it. */
    castExpected?: unknown;
    note?: string;
  }
  | {
    operator: "segmentation";
    property: string;
    result: MatchResult;
    fromPercentage: number;
    toPercentage: number;
    seed: string;
    actual?: unknown;
    /** Where the context value falls, in percent [0, 100); absent when it is null or missing. */
    bucket?: number;
    note?: string;
  }
  | { operator: "and" | "or"; result: MatchResult; conditions: ConditionTrace[] }
  | { operator: "not"; result: MatchResult; condition: ConditionTrace };

export type OverrideTrace = {
  override: string;
  index: number;
  result: MatchResult;
  conditions: ConditionTrace[];
};

export type Evaluation = {
  value: Json;
  /** Index of the first override that matched; null when the base value applies. */
  matchedOverride: number | null;
  /** Every override tried, in order, up to and including the one that matched. */
  trace: OverrideTrace[];
  /** Set when evaluation threw; like the SDK, the base value then applies. */
  error?: string;
};

const and3 = (a: Outcome, b: Outcome): Outcome => (a < b ? a : b);
const or3 = (a: Outcome, b: Outcome): Outcome => (a > b ? a : b);
const not3 = (a: Outcome): Outcome => (2 - a) as Outcome;

/** Casts a condition value towards the context value's type, as the SDK does. */
export function castToContextType(expected: unknown, actual: unknown): unknown {
  switch (typeof actual) {
    case "number":
      if (typeof expected === "string") {
        const n = Number(expected);
        return Number.isNaN(n) ? expected : n;
      }
      return expected;
    case "boolean":
      if (expected === "true") return true;
      if (expected === "false") return false;
      if (typeof expected === "number") return expected !== 0;
      return expected;
    case "string":
      if (typeof expected === "number" || typeof expected === "boolean") return String(expected);
      return expected;
    default:
      return expected;
  }
}

// Ordering operators only compare number×number or string×string.
function comparable(a: unknown, b: unknown): boolean {
  const t = typeof a;
  return (t === "number" || t === "string") && typeof b === t;
}

function propertyOutcome(operator: string, expected: unknown, actual: unknown): Outcome {
  if (actual === undefined) return UNKNOWN;
  const cast = castToContextType(expected, actual);
  // Both sides are number or both string after comparable(); `as number` only satisfies tsc.
  const a = actual as number;
  const b = cast as number;
  switch (operator) {
    case "equals":
      return actual === cast ? MATCHED : NOT_MATCHED;
    case "in":
      if (!Array.isArray(cast)) return UNKNOWN;
      return cast.includes(actual) ? MATCHED : NOT_MATCHED;
    case "not_in":
      if (!Array.isArray(cast)) return UNKNOWN;
      return cast.includes(actual) ? NOT_MATCHED : MATCHED;
    case "less_than":
      return comparable(actual, cast) && a < b ? MATCHED : NOT_MATCHED;
    case "less_than_or_equal":
      return comparable(actual, cast) && a <= b ? MATCHED : NOT_MATCHED;
    case "greater_than":
      return comparable(actual, cast) && a > b ? MATCHED : NOT_MATCHED;
    case "greater_than_or_equal":
      return comparable(actual, cast) && a >= b ? MATCHED : NOT_MATCHED;
    default:
      // The SDK answers unknown for an operator it does not know.
      return UNKNOWN;
  }
}

/** The segmentation bucket of a context value, in [0, 1). */
export function segmentationUnit(actual: unknown, seed: string): number {
  return fnv1a32Concat(String(actual), seed) / 4294967296;
}

function segmentationOutcome(c: SegmentationCondition, actual: unknown): Outcome {
  if (actual === undefined || actual === null) return UNKNOWN;
  const u = segmentationUnit(actual, c.seed);
  return u >= c.fromPercentage / 100 && u < c.toPercentage / 100 ? MATCHED : NOT_MATCHED;
}

function allOf(conditions: RenderedCondition[], context: EvaluationContext): Outcome {
  let r: Outcome = MATCHED;
  for (let i = 0; i < conditions.length && r !== NOT_MATCHED; i++) {
    r = and3(r, conditionOutcome(conditions[i]!, context));
  }
  return r;
}

function anyOf(conditions: RenderedCondition[], context: EvaluationContext): Outcome {
  let r: Outcome = NOT_MATCHED;
  for (let i = 0; i < conditions.length && r !== MATCHED; i++) {
    r = or3(r, conditionOutcome(conditions[i]!, context));
  }
  return r;
}

function conditionOutcome(c: RenderedCondition, context: EvaluationContext): Outcome {
  switch (c.operator) {
    case "and":
      return allOf(c.conditions, context);
    case "or":
      return anyOf(c.conditions, context);
    case "not":
      return not3(conditionOutcome(c.condition, context));
    case "segmentation":
      return segmentationOutcome(c, context[c.property]);
    default:
      return propertyOutcome(c.operator, c.value, context[c.property]);
  }
}

/** One condition's result for `context` (the targeting tests' direct evaluator uses it for leaves). */
export function conditionResult(c: RenderedCondition, context: EvaluationContext): MatchResult {
  return RESULT_NAMES[conditionOutcome(c, context)]!;
}

/** The value a client sees for `context`; builds no trace. */
export function evaluateValue(config: WireConfig, context: EvaluationContext): Json {
  const overrides = config.overrides;
  try {
    for (let i = 0; i < overrides.length; i++) {
      const o = overrides[i]!;
      if (allOf(o.conditions, context) === MATCHED) return o.value;
    }
  } catch {
    // The SDK logs and falls back to the base value (e.g. a context value String() rejects).
  }
  return config.value;
}

/**
 * Which override evaluateValue would apply: its index, -1 for the base value, or -2 when
 * evaluation threw (the base value applies then too). Builds nothing; OFREP reports from it.
 */
export function matchOverride(config: WireConfig, context: EvaluationContext): number {
  const overrides = config.overrides;
  try {
    for (let i = 0; i < overrides.length; i++) {
      if (allOf(overrides[i]!.conditions, context) === MATCHED) return i;
    }
  } catch {
    return -2;
  }
  return -1;
}

/** Like evaluateValue, and explains every override tried. */
export function evaluate(config: WireConfig, context: EvaluationContext): Evaluation {
  const trace: OverrideTrace[] = [];
  try {
    for (let index = 0; index < config.overrides.length; index++) {
      const o = config.overrides[index]!;
      const conditions = o.conditions.map((c) => traceCondition(c, context));
      const r = combineTraces(conditions, and3, MATCHED);
      trace.push({ override: o.name, index, result: RESULT_NAMES[r]!, conditions });
      if (r === MATCHED) return { value: o.value, matchedOverride: index, trace };
    }
  } catch (e) {
    return { value: config.value, matchedOverride: null, trace, error: String(e) };
  }
  return { value: config.value, matchedOverride: null, trace };
}

function combineTraces(
  traces: ConditionTrace[],
  combine: (a: Outcome, b: Outcome) => Outcome,
  start: Outcome,
): Outcome {
  let r = start;
  for (const t of traces) r = combine(r, RESULT_CODES[t.result]);
  return r;
}

// Unlike the lean walk, children are all traced (no short-circuit) so a tester shows each one.
function traceCondition(c: RenderedCondition, context: EvaluationContext): ConditionTrace {
  switch (c.operator) {
    case "and":
    case "or": {
      const combine = c.operator === "and" ? and3 : or3;
      const conditions = c.conditions.map((child) => traceCondition(child, context));
      const r = combineTraces(conditions, combine, c.operator === "and" ? MATCHED : NOT_MATCHED);
      return { operator: c.operator, result: RESULT_NAMES[r]!, conditions };
    }
    case "not": {
      const condition = traceCondition(c.condition, context);
      const r = not3(RESULT_CODES[condition.result]);
      return { operator: "not", result: RESULT_NAMES[r]!, condition };
    }
    case "segmentation":
      return traceSegmentation(c, context[c.property]);
    default:
      return traceProperty(c.operator, c.property, c.value, context[c.property]);
  }
}

function traceSegmentation(c: SegmentationCondition, actual: unknown): ConditionTrace {
  const { property, fromPercentage, toPercentage, seed } = c;
  const result = RESULT_NAMES[segmentationOutcome(c, actual)]!;
  const t: ConditionTrace = {
    operator: "segmentation",
    property,
    result,
    fromPercentage,
    toPercentage,
    seed,
  };
  if (actual !== undefined) t.actual = actual;
  if (actual === undefined || actual === null) {
    t.note = `context property "${property}" is ${actual === null ? "null" : "missing"}`;
  } else {
    t.bucket = segmentationUnit(actual, seed) * 100;
  }
  return t;
}

const isListOperator = (operator: string) => operator === "in" || operator === "not_in";

function traceProperty(
  operator: PropertyOperator,
  property: string,
  expected: Json | undefined,
  actual: unknown,
): ConditionTrace {
  const result = RESULT_NAMES[propertyOutcome(operator, expected, actual)]!;
  const t: ConditionTrace = { operator, property, result };
  if (expected !== undefined) t.expected = expected;
  const notes: string[] = [];
  if (expected === undefined) notes.push("the referenced value could not be resolved");
  if (actual === undefined) {
    notes.push(`context property "${property}" is missing`);
  } else {
    t.actual = actual;
    const cast = castToContextType(expected, actual);
    if (!Object.is(cast, expected)) t.castExpected = cast;
    if (result === "unknown") {
      notes.push(
        isListOperator(operator) ? `"${operator}" needs a list of values` : "unsupported operator",
      );
    } else if (operator !== "equals" && !isListOperator(operator) && !comparable(actual, cast)) {
      notes.push("ordering compares only number with number or string with string");
    }
  }
  if (notes.length > 0) t.note = notes.join("; ");
  return t;
}
