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

/** "In segment X" / "not in segment X": a project's named condition list (docs/targeting.md). */
export type SegmentCondition = { operator: "in_segment" | "not_in_segment"; segment: string };

/** Config `config`, evaluated with its own overrides in the same environment, gives one of `values`. */
export type PrerequisiteCondition = { operator: "prerequisite"; config: string; values: Json[] };

/** Authoring-only leaves: rendering compiles them into plain Replane conditions. */
export type TargetingCondition = SegmentCondition | PrerequisiteCondition;

/** A condition tree whose property conditions carry a value of type V, and extra leaves X. */
export type ConditionOf<V, X = never> =
  | { operator: PropertyOperator; property: string; value: V }
  | SegmentationCondition
  | X
  | { operator: "and" | "or"; conditions: ConditionOf<V, X>[] }
  | { operator: "not"; condition: ConditionOf<V, X> };

export type OverrideOf<V> = { name: string; conditions: ConditionOf<V>[]; value: Json };

export type Condition = ConditionOf<ConditionValue, TargetingCondition>;

/** A slice of the bucket space, in percent: [from, to). */
export type PercentRange = [number, number];

export type SplitVariant = {
  name: string;
  value: Json;
  /** Percent of the rule's traffic, two decimals at most; the weights add up to 100. */
  weight: number;
  /** Where the variant's users are; set by the server when weights change (targeting/allocation.ts). */
  ranges?: PercentRange[];
};

/** Weighted variants (A/B/n), optionally one experiment of a mutual exclusion group. */
export type Split = {
  /** The context property users are bucketed on (default userId). */
  property: string;
  /** Set by the server when left out, and then kept: it decides who gets which variant. */
  seed?: string;
  variants: SplitVariant[];
  exclusion?: { group: string; slice: string };
};

export type ValueOverride = { name: string; conditions: Condition[]; value: Json };
export type SplitOverride = { name: string; conditions: Condition[]; split: Split };

/** Stored form: a value override, or a rule that serves variants by weight. */
export type Override = ValueOverride | SplitOverride;

export const isSplit = (o: Override): o is SplitOverride => "split" in o;

/** Every value an override can serve. */
export const overrideValues = (o: Override): Json[] =>
  isSplit(o) ? o.split.variants.map((v) => v.value) : [o.value];

/** Rendered: the value is plain JSON, or absent when a reference could not be resolved. */
export type RenderedCondition = ConditionOf<Json | undefined>;
export type RenderedOverride = OverrideOf<Json | undefined>;

/** A config as the SDK stream sends it, already resolved for one environment. */
export type WireConfig = { name: string; value: Json; overrides: RenderedOverride[] };
