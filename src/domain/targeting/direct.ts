// Targeting models evaluated as written, without compiling: the reference the compiler is
// tested against (tests/targeting_property_test.ts), and the plain reading of the rules in
// docs/targeting.md. Leaves (property and segmentation conditions) use the SDK's rules from
// evaluate.ts; everything targeting adds is evaluated here in Kleene logic
// (not_matched 0 < unknown 1 < matched 2).
import { conditionResult, type EvaluationContext, segmentationUnit } from "../evaluate.ts";
import {
  type Condition,
  isSplit,
  type Json,
  type Override,
  type PercentRange,
  type RenderedCondition,
} from "../overrides.ts";
import { type CompileSources, rangesOf, sameJson } from "./compile.ts";
import { TARGETING_LIMITS } from "./model.ts";

type Outcome = 0 | 1 | 2;
const NOT_MATCHED = 0;
const UNKNOWN = 1;
const MATCHED = 2;
const CODES = { not_matched: NOT_MATCHED, unknown: UNKNOWN, matched: MATCHED } as const;
const min = (a: Outcome, b: Outcome): Outcome => (a < b ? a : b);
const max = (a: Outcome, b: Outcome): Outcome => (a > b ? a : b);
const negate = (a: Outcome): Outcome => (2 - a) as Outcome;

/** The value config `self` (with `body` in this environment) gives for `context`. */
export function evaluateDirect(
  self: string,
  body: { value: Json; overrides: readonly Override[] },
  sources: CompileSources,
  context: EvaluationContext,
): Json {
  for (const step of steps(body.overrides, [self], sources, context)) {
    if (step.outcome === MATCHED) return step.value;
  }
  return body.value;
}

type Step = { outcome: Outcome; value: Json };

/** Each way an override list can decide, in order: an override, or one variant of a rule. */
function steps(
  overrides: readonly Override[],
  stack: string[],
  sources: CompileSources,
  context: EvaluationContext,
): Step[] {
  const out: Step[] = [];
  for (const o of overrides) {
    const matched = allOf(o.conditions, stack, sources, context);
    if (!isSplit(o)) {
      out.push({ outcome: matched, value: o.value });
      continue;
    }
    const s = o.split;
    let gate = matched;
    if (s.exclusion) {
      const group = sources.group(s.exclusion.group);
      const index = group?.slices.findIndex((x) => x.name === s.exclusion!.slice) ?? -1;
      gate = min(
        gate,
        group && index >= 0
          ? inRanges(context[group.property], rangesOf(group.slices)[index]!, group.seed)
          : UNKNOWN,
      );
    }
    const ranges = rangesOf(s.variants);
    s.variants.forEach((v, k) => {
      if (ranges[k]!.length === 0) return;
      const bucket = inRanges(context[s.property], ranges[k]!, s.seed ?? o.name);
      out.push({ outcome: min(gate, bucket), value: v.value });
    });
  }
  return out;
}

function inRanges(actual: unknown, ranges: readonly PercentRange[], seed: string): Outcome {
  // An empty slice holds no one, whatever the context says.
  if (ranges.length === 0) return NOT_MATCHED;
  if (actual === undefined || actual === null) return UNKNOWN;
  const u = segmentationUnit(actual, seed);
  return ranges.some(([from, to]) => u >= from / 100 && u < to / 100) ? MATCHED : NOT_MATCHED;
}

function allOf(
  conditions: readonly Condition[],
  stack: string[],
  sources: CompileSources,
  context: EvaluationContext,
): Outcome {
  let r: Outcome = MATCHED;
  for (const c of conditions) r = min(r, outcome(c, stack, sources, context));
  return r;
}

function outcome(
  c: Condition,
  stack: string[],
  sources: CompileSources,
  context: EvaluationContext,
): Outcome {
  switch (c.operator) {
    case "and":
      return allOf(c.conditions, stack, sources, context);
    case "or": {
      let r: Outcome = NOT_MATCHED;
      for (const x of c.conditions) r = max(r, outcome(x, stack, sources, context));
      return r;
    }
    case "not":
      return negate(outcome(c.condition, stack, sources, context));
    case "in_segment":
    case "not_in_segment": {
      const segment = sources.segment(c.segment);
      if (!segment) return UNKNOWN;
      const r = allOf(segment.conditions, stack, sources, context);
      return c.operator === "in_segment" ? r : negate(r);
    }
    case "prerequisite":
      return prerequisite(c.config, c.values, stack, sources, context);
    case "segmentation":
      return CODES[conditionResult(c, context)];
    default: {
      const value = c.value.type === "literal" ? c.value.value : sources.resolve(c.value);
      const leaf =
        (value === undefined
          ? { operator: c.operator, property: c.property }
          : { operator: c.operator, property: c.property, value }) as RenderedCondition;
      return CODES[conditionResult(leaf, context)];
    }
  }
}

/** matched when `name`'s overrides decide a value in `values`; unknown when undecided. */
function prerequisite(
  name: string,
  values: readonly Json[],
  stack: string[],
  sources: CompileSources,
  context: EvaluationContext,
): Outcome {
  if (stack.includes(name) || stack.length > TARGETING_LIMITS.maxPrerequisiteDepth) return UNKNOWN;
  const body = sources.body(name);
  if (!body) return UNKNOWN;
  const wanted = (v: Json) => values.some((x) => sameJson(x, v));
  let result: Outcome = NOT_MATCHED;
  // "No earlier override matched": matched only when every earlier one surely did not.
  let reached: Outcome = MATCHED;
  for (const step of steps(body.overrides, [...stack, name], sources, context)) {
    if (wanted(step.value)) result = max(result, min(reached, step.outcome));
    reached = min(reached, negate(step.outcome));
  }
  return wanted(body.value) ? max(result, reached) : result;
}
