// How OpenFeature reports one evaluation of a rendered config: the reason and the variant OFREP
// defines. Shared by the server's OFREP (src/http/ofrep/flags.ts, which precompiles it per
// config) and Dialtone's own SDK providers (sdk/js), so both answer alike.
import { matchOverride } from "./evaluate.ts";
import type { Json, RenderedCondition, RenderedOverride, WireConfig } from "./overrides.ts";

/** OpenFeature resolution reasons; DEFAULT and ERROR come from OpenFeature's list. */
export type Reason = "STATIC" | "TARGETING_MATCH" | "SPLIT" | "DEFAULT" | "ERROR";

/** The variant named for the base value (an override's variant is its name). */
export const BASE_VARIANT = "default";

/** The property OpenFeature names the evaluation's subject by. */
export const TARGETING_KEY = "targetingKey";

/** The base value's reason: STATIC when nothing could change it. */
export function baseReason(wire: WireConfig): Reason {
  return wire.overrides.length === 0 ? "STATIC" : "DEFAULT";
}

/** An override's reason: SPLIT when it buckets by percentage. */
export function overrideReason(override: RenderedOverride): Reason {
  return override.conditions.some(hasSegmentation) ? "SPLIT" : "TARGETING_MATCH";
}

/**
 * The first override with a percentage rollout by targetingKey, or -1. A context without a
 * targetingKey cannot be placed in it, so a result reached past it is TARGETING_KEY_MISSING.
 */
export function firstRollout(wire: WireConfig): number {
  return wire.overrides.findIndex((o) => o.conditions.some(bucketsByTargetingKey));
}

/** Whether a missing targetingKey decided `matched` (matchOverride's answer) for `context`. */
export function targetingKeyDecided(
  first: number,
  matched: number,
  context: Record<string, unknown>,
): boolean {
  return first >= 0 && (matched < 0 || first < matched) && context[TARGETING_KEY] === undefined;
}

export type FlagOutcome =
  | { value: Json; variant: string; reason: Reason; overrideIndex: number | null }
  | { errorCode: "TARGETING_KEY_MISSING"; errorDetails: string };

/** One evaluation as OFREP reports it, computed directly (the server precompiles the same). */
export function flagOutcome(wire: WireConfig, context: Record<string, unknown>): FlagOutcome {
  const i = matchOverride(wire, context);
  if (targetingKeyDecided(firstRollout(wire), i, context)) {
    return { errorCode: "TARGETING_KEY_MISSING", errorDetails: missingKeyDetails(wire.name) };
  }
  if (i >= 0) {
    const o = wire.overrides[i]!;
    return { value: o.value, variant: o.name, reason: overrideReason(o), overrideIndex: i };
  }
  const reason = i === -1 ? baseReason(wire) : "ERROR";
  return { value: wire.value, variant: BASE_VARIANT, reason, overrideIndex: null };
}

export function missingKeyDetails(name: string): string {
  return `Flag "${name}" has a percentage rollout by targetingKey; the context has no targetingKey`;
}

function hasSegmentation(c: RenderedCondition): boolean {
  switch (c.operator) {
    case "segmentation":
      return true;
    case "and":
    case "or":
      return c.conditions.some(hasSegmentation);
    case "not":
      return hasSegmentation(c.condition);
    default:
      return false;
  }
}

function bucketsByTargetingKey(c: RenderedCondition): boolean {
  switch (c.operator) {
    case "segmentation":
      return c.property === TARGETING_KEY;
    case "and":
    case "or":
      return c.conditions.some(bucketsByTargetingKey);
    case "not":
      return bucketsByTargetingKey(c.condition);
    default:
      return false;
  }
}
