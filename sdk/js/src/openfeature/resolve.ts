// One flag evaluation as OpenFeature reports it, for both providers: the value, variant and
// reason from src/domain/flag_outcome.ts (what the server's OFREP answers), plus OpenFeature's
// error codes for a missing flag, a wrong type or a client with nothing loaded yet.
import { flagOutcome } from "../../../../src/domain/flag_outcome.ts";
import type { Dialtone } from "../client.ts";

export type FlagKind = "boolean" | "string" | "number" | "object";

/** Structurally OpenFeature's ResolutionDetails (each provider casts it to its SDK's type). */
export type Resolution<T> = {
  value: T;
  variant?: string;
  reason: string;
  errorCode?:
    | "FLAG_NOT_FOUND"
    | "TYPE_MISMATCH"
    | "TARGETING_KEY_MISSING"
    | "PROVIDER_NOT_READY";
  errorMessage?: string;
  flagMetadata?: Record<string, number>;
};

function matchesKind(value: unknown, kind: FlagKind): boolean {
  const type = typeof value;
  return kind === "object" ? type === "object" && value !== null : type === kind;
}

export function resolveFlag<T>(
  client: Dialtone,
  flagKey: string,
  defaultValue: T,
  kind: FlagKind,
  context: Record<string, unknown>,
): Resolution<T> {
  const fail = (
    errorCode: Resolution<T>["errorCode"],
    errorMessage: string,
  ): Resolution<T> => ({
    value: defaultValue,
    reason: "ERROR",
    errorCode,
    errorMessage,
  });
  if (client.status === "connecting") {
    return fail(
      "PROVIDER_NOT_READY",
      "Dialtone has not loaded any configs yet",
    );
  }
  const config = client.config(flagKey);
  if (!config) return fail("FLAG_NOT_FOUND", `Flag "${flagKey}" not found`);
  const outcome = flagOutcome(config, { ...client.defaultContext, ...context });
  if ("errorCode" in outcome) {
    return fail(outcome.errorCode, outcome.errorDetails);
  }
  const metadata: Record<string, number> = outcome.overrideIndex === null
    ? {}
    : { overrideIndex: outcome.overrideIndex };
  // A null value is OFREP's "code default": the application's default applies.
  if (outcome.value !== null && !matchesKind(outcome.value, kind)) {
    return fail(
      "TYPE_MISMATCH",
      `Flag "${flagKey}" is not a ${kind}: ${JSON.stringify(outcome.value)}`,
    );
  }
  return {
    value: outcome.value === null ? defaultValue : (outcome.value as T),
    variant: outcome.variant,
    reason: outcome.reason,
    flagMetadata: metadata,
  };
}
