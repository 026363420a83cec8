// The project-level targeting objects rules point at, and the bounds on compiling them.
import type { Condition, PercentRange } from "../overrides.ts";

/** A named, reusable audience: its conditions are ANDed, like an override's. */
export type Segment = { name: string; conditions: Condition[] };

/** One experiment's share of an exclusion group. */
export type Slice = { name: string; weight: number; ranges?: PercentRange[] };

/**
 * Experiments that must not share users: every slice is a disjoint range of one bucketing
 * (property + seed), and a weighted rule that names a slice applies only inside it.
 */
export type ExclusionGroup = {
  name: string;
  property: string;
  seed: string;
  slices: Slice[];
};

export const TARGETING_LIMITS = {
  /** Prerequisites of prerequisites: a chain of configs at most this long below the root. */
  maxPrerequisiteDepth: 5,
  /** Condition nodes one prerequisite may expand to. */
  maxPrerequisiteNodes: 5_000,
  /** Condition nodes all prerequisites of one base or variant may expand to together. */
  maxExpandedNodes: 20_000,
  /** Conditions in a segment, nested ones included. */
  maxSegmentConditions: 100,
  /** Segments and exclusion groups per project. */
  maxPerProject: 1_000,
  /** Variants in one weighted rule, slices in one exclusion group. */
  maxVariants: 50,
  /** Values one prerequisite may accept. */
  maxPrerequisiteValues: 100,
} as const;

/** What a target's stored `data` holds, by kind (the store keeps it as JSON). */
export type SegmentData = Omit<Segment, "name">;
export type GroupData = Omit<ExclusionGroup, "name">;

/** Segments and groups by name, from stored rows (kind, name, data). */
export function targetMaps(
  rows: Iterable<{ kind: string; name: string; data: unknown }>,
): { segments: Map<string, Segment>; groups: Map<string, ExclusionGroup> } {
  const segments = new Map<string, Segment>();
  const groups = new Map<string, ExclusionGroup>();
  for (const r of rows) {
    if (r.kind === "segment") segments.set(r.name, { name: r.name, ...(r.data as SegmentData) });
    else groups.set(r.name, { name: r.name, ...(r.data as GroupData) });
  }
  return { segments, groups };
}
