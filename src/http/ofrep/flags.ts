// A config as OFREP serves it, compiled once per change of its wire JSON: the parsed wire form
// that src/domain/evaluate.ts walks, and for each possible outcome (the base value, each
// override, an evaluation error) the evaluation object already serialized. A request then
// only picks an outcome and copies its bytes.
import { matchOverride } from "../../domain/evaluate.ts";
import {
  BASE_VARIANT,
  baseReason,
  firstRollout,
  missingKeyDetails,
  overrideReason,
  type Reason,
  targetingKeyDecided,
} from "../../domain/flag_outcome.ts";
import type { Json, WireConfig } from "../../domain/overrides.ts";
import type { EvaluationCounter, Tally } from "../../service/evaluation_counter.ts";

export type Outcome = {
  value: Json;
  variant: string;
  reason: Reason;
  /** The OFREP evaluation object as JSON text. */
  json: string;
  /** The same, UTF-8, as a single-flag response body. */
  bytes: Uint8Array<ArrayBuffer>;
  tally: Tally;
};

export type OfrepFlag = {
  name: string;
  wire: WireConfig;
  /** outcomes[0] is the base value, outcomes[i + 1] override i. */
  outcomes: Outcome[];
  error: Outcome;
  /**
   * The first override with a percentage rollout by targetingKey, or -1. A context without a
   * targetingKey cannot be placed in it, so a result reached past it is TARGETING_KEY_MISSING.
   */
  firstRollout: number;
  /** TARGETING_KEY_MISSING for this flag, as JSON text and as a 400 body. */
  missingKeyJson: string;
  missingKeyBytes: Uint8Array<ArrayBuffer>;
};

const encoder = new TextEncoder();

export function compileFlag(
  json: string,
  environmentId: string,
  projectId: string,
  counter: EvaluationCounter,
): OfrepFlag {
  const wire = JSON.parse(json) as WireConfig;
  const keyJson = JSON.stringify(wire.name);
  const outcome = (
    variant: string,
    reason: Reason,
    value: Json,
    metadata: string,
  ): Outcome => {
    // A null value is the spec's "code default" flag: no value, the application's default applies.
    const valuePart = value === null ? "" : `"value":${JSON.stringify(value)},`;
    const text = `{"key":${keyJson},${valuePart}"reason":"${reason}","variant":${
      JSON.stringify(variant)
    },"metadata":{${metadata}}}`;
    return {
      value,
      variant,
      reason,
      json: text,
      bytes: encoder.encode(text),
      tally: counter.tally(projectId, environmentId, wire.name, variant),
    };
  };
  const base = outcome(BASE_VARIANT, baseReason(wire), wire.value, "");
  const overrides = wire.overrides.map((o, i) =>
    outcome(o.name, overrideReason(o), o.value, `"overrideIndex":${i}`)
  );
  const missing = `{"key":${keyJson},"errorCode":"TARGETING_KEY_MISSING","errorDetails":${
    JSON.stringify(missingKeyDetails(wire.name))
  }}`;
  return {
    name: wire.name,
    wire,
    outcomes: [base, ...overrides],
    error: { ...outcome(BASE_VARIANT, "ERROR", wire.value, ""), tally: base.tally },
    firstRollout: firstRollout(wire),
    missingKeyJson: missing,
    missingKeyBytes: encoder.encode(missing),
  };
}

/** The outcome the stream SDK's `get()` picks for `context` (Replane's semantics). */
export function sdkOutcome(flag: OfrepFlag, context: Record<string, unknown>): Outcome {
  return outcomeAt(flag, matchOverride(flag.wire, context));
}

/**
 * The outcome for `context` as OFREP reports it: the SDK's, or null when a missing targetingKey
 * decided it (a rollout by targetingKey before the result could not place this context).
 */
export function resolveFlag(flag: OfrepFlag, context: Record<string, unknown>): Outcome | null {
  const i = matchOverride(flag.wire, context);
  return targetingKeyDecided(flag.firstRollout, i, context) ? null : outcomeAt(flag, i);
}

function outcomeAt(flag: OfrepFlag, i: number): Outcome {
  return i >= 0 ? flag.outcomes[i + 1]! : i === -1 ? flag.outcomes[0]! : flag.error;
}
