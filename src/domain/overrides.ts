// The override model, in the two forms Replane defines (REPLANE_COMPAT.md §2).
// Stored form: what the admin API accepts and the primary store keeps.
// Rendered form: what the SDK stream sends, with every condition value resolved.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type Scalar = string | number | boolean | null;

export type LiteralValue = { type: "literal"; value: Scalar | Scalar[] };
export type ReferenceValue = {
  type: "reference";
  projectId: string;
  configName: string;
  path: (string | number)[];
};
export type ConditionValue = LiteralValue | ReferenceValue;

export const PROPERTY_OPERATORS = [
  "equals",
  "in",
  "not_in",
  "less_than",
  "less_than_or_equal",
  "greater_than",
  "greater_than_or_equal",
] as const;
export type PropertyOperator = typeof PROPERTY_OPERATORS[number];

export type SegmentationCondition = {
  operator: "segmentation";
  property: string;
  fromPercentage: number;
  toPercentage: number;
  seed: string;
};

/** A condition tree whose property conditions carry a value of type V. */
export type ConditionOf<V> =
  | { operator: PropertyOperator; property: string; value: V }
  | SegmentationCondition
  | { operator: "and" | "or"; conditions: ConditionOf<V>[] }
  | { operator: "not"; condition: ConditionOf<V> };

export type OverrideOf<V> = { name: string; conditions: ConditionOf<V>[]; value: Json };

export type Condition = ConditionOf<ConditionValue>;
export type Override = OverrideOf<ConditionValue>;

/** Rendered: the value is plain JSON, or absent when a reference could not be resolved. */
export type RenderedCondition = ConditionOf<Json | undefined>;
export type RenderedOverride = OverrideOf<Json | undefined>;

/** A config as the SDK stream sends it, already resolved for one environment. */
export type WireConfig = { name: string; value: Json; overrides: RenderedOverride[] };
