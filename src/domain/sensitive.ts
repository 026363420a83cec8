// Sensitive configs (docs/sensitive_values.md): what is encrypted, and how history, audit and
// exports show a sensitive config without its values. Pure; the crypto is in auth/envelope.ts.
import type { ConfigBody, ConfigState, Variant } from "./config_state.ts";
import type { Json } from "./overrides.ts";
import type { RenderSource } from "./render.ts";

/**
 * The encrypted part of a sensitive config, as one JSON text sealed once per write: the base
 * and the variants (values, schemas, overrides with their conditions). The config row, its
 * version snapshot and its change-feed row all carry that same ciphertext; description and
 * members stay readable.
 */
export type SealedBody = { base: ConfigBody; variants: Variant[] };

export const sealedBodyOf = (s: ConfigState): SealedBody => ({
  base: s.base,
  variants: s.variants,
});

/** What rendering needs of a decrypted body. */
export function renderBody(
  body: SealedBody,
): Pick<RenderSource, "value" | "overrides" | "variants"> {
  return {
    value: body.base.value,
    overrides: body.base.overrides,
    variants: body.variants.map((v) => ({
      environmentId: v.environmentId,
      value: v.value,
      overrides: v.overrides,
    })),
  };
}

/** Where a value was: shown instead of it in history, audit and exports. */
export const MASK = "[sensitive]";

export type Masked = "changed" | "unchanged";

const maskBody = <B extends ConfigBody>(b: B): B => ({ ...b, value: MASK, overrides: [] });

/** The state with every value and override hidden; schemas, description and members stay. */
export function maskState(s: ConfigState): ConfigState {
  return {
    description: s.description,
    base: maskBody(s.base),
    variants: s.variants.map(maskBody),
    members: s.members,
  };
}

/** Whether the hidden part differs between two states (null: there is no earlier one). */
export function valuesChange(before: ConfigState | null, after: ConfigState): Masked {
  if (before === null) return "changed";
  return JSON.stringify(sealedBodyOf(before)) === JSON.stringify(sealedBodyOf(after))
    ? "unchanged"
    : "changed";
}

/** An audit row's state of a sensitive config: masked, with whether its values changed. */
export function maskedJson(s: ConfigState, values: Masked): Json {
  return { ...maskState(s), sensitive: true, values } as unknown as Json;
}

/**
 * The before/after an audit row records of a config write: the states as they are, or, when
 * the config is or was sensitive, both masked with whether the values changed.
 */
export function auditStates(
  before: { state: ConfigState; sensitive: boolean } | null,
  after: ConfigState,
  sensitive: boolean,
  plain: (s: ConfigState) => Json,
): { before: Json | null; after: Json } {
  if (!sensitive && !before?.sensitive) {
    return { before: before ? plain(before.state) : null, after: plain(after) };
  }
  const values = valuesChange(before?.state ?? null, after);
  return {
    before: before ? maskedJson(before.state, "unchanged") : null,
    after: maskedJson(after, values),
  };
}
