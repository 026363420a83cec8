// Building and converting override conditions (stored form, REPLANE_COMPAT.md §2.1).
import { randomSeed } from "./format.ts";
import type { Condition, ConditionValue, Json, Override, PropertyOperator } from "./types.ts";

export const PROPERTY_OPERATORS: { op: PropertyOperator; label: string }[] = [
  { op: "equals", label: "equals" },
  { op: "in", label: "is one of" },
  { op: "not_in", label: "is not one of" },
  { op: "less_than", label: "<" },
  { op: "less_than_or_equal", label: "≤" },
  { op: "greater_than", label: ">" },
  { op: "greater_than_or_equal", label: "≥" },
];
export const OPERATOR_LABELS: Record<Condition["operator"], string> = {
  ...Object.fromEntries(PROPERTY_OPERATORS.map((p) => [p.op, p.label])) as Record<
    PropertyOperator,
    string
  >,
  segmentation: "percentage of",
  in_segment: "in segment",
  not_in_segment: "not in segment",
  prerequisite: "prerequisite",
  and: "all of",
  or: "any of",
  not: "not",
};

export type PropertyCondition = Extract<Condition, { value: ConditionValue }>;
export const isProperty = (c: Condition): c is PropertyCondition => "value" in c;
export const isTargetingOperator = (op: string) =>
  op === "in_segment" || op === "not_in_segment" || op === "prerequisite";
export const isList = (op: string) => op === "in" || op === "not_in";

export function newCondition(op: Condition["operator"], from?: Condition): Condition {
  const property = from && (isProperty(from) || from.operator === "segmentation")
    ? from.property
    : "";
  switch (op) {
    case "segmentation":
      return {
        operator: op,
        property: property || "userId",
        fromPercentage: 0,
        toPercentage: 10,
        seed: randomSeed(),
      };
    case "and":
    case "or":
      return { operator: op, conditions: from ? [from] : [newCondition("equals")] };
    case "not":
      return { operator: op, condition: from ?? newCondition("equals") };
    case "in_segment":
    case "not_in_segment":
      return { operator: op, segment: from && "segment" in from ? from.segment : "" };
    case "prerequisite":
      return { operator: op, config: "", values: [true] };
  }
  let value: ConditionValue = { type: "literal", value: isList(op) ? [] : "" };
  if (from && isProperty(from)) {
    value = from.value.type === "reference"
      ? from.value
      : { type: "literal", value: convertLiteral(from.value.value, isList(op)) };
  }
  return { operator: op, property, value };
}

function convertLiteral(
  v: Json,
  toList: boolean,
): Extract<ConditionValue, { type: "literal" }>["value"] {
  if (toList) return Array.isArray(v) ? v as never : v === "" ? [] : [v as string];
  return Array.isArray(v) ? ((v[0] ?? "") as string) : v as string;
}

export function newOverride(index: number, value: Json): Override {
  return {
    name: `Override ${index + 1}`,
    conditions: [newCondition("equals")],
    value: structuredClone(value),
  };
}

/** The name a lone percentage condition gets ("25% rollout"); null for any other override. */
export function rolloutName(o: Override): string | null {
  const [c, ...rest] = o.conditions;
  if (!c || rest.length > 0 || c.operator !== "segmentation") return null;
  return `${Math.round((c.toPercentage - c.fromPercentage) * 100) / 100}% rollout`;
}

export function newRollout(percent: number, value: Json): Override {
  return {
    name: `${percent}% rollout`,
    conditions: [{
      operator: "segmentation",
      property: "userId",
      fromPercentage: 0,
      toPercentage: percent,
      seed: randomSeed(),
    }],
    value: structuredClone(value),
  };
}

/** Properties already used in a project's overrides, for suggestions. */
export function propertiesIn(conditions: Condition[], into = new Set<string>()): Set<string> {
  for (const c of conditions) {
    if (c.operator === "and" || c.operator === "or") propertiesIn(c.conditions, into);
    else if (c.operator === "not") propertiesIn([c.condition], into);
    else if ("property" in c && c.property) into.add(c.property);
  }
  return into;
}

/** Whether any condition, at any depth, compares with a config's value (a reference). */
export function hasReference(conditions: Condition[]): boolean {
  return conditions.some((c) =>
    c.operator === "and" || c.operator === "or"
      ? hasReference(c.conditions)
      : c.operator === "not"
      ? hasReference([c.condition])
      : isProperty(c) && c.value.type === "reference"
  );
}

export function move<T>(list: T[], from: number, to: number): T[] {
  const next = list.slice();
  const [item] = next.splice(from, 1);
  next.splice(Math.max(0, Math.min(to, next.length)), 0, item!);
  return next;
}
