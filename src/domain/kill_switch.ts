// The kill switch as pure state changes: killing sets a safe value and drops the overrides in
// one environment (its variant) or everywhere (the base and every variant); undoing puts back
// what the kill replaced, and only that, so unrelated edits made meanwhile stay.
import type { ConfigState, Variant } from "./config_state.ts";
import type { Json } from "./overrides.ts";

/** The state with `value` served to everyone in `environmentId` (null: every environment). */
export function killedState(
  current: ConfigState,
  value: Json,
  environmentId: string | null,
): ConfigState {
  if (environmentId === null) {
    return {
      ...current,
      base: { ...current.base, value, overrides: [] },
      variants: current.variants.map((v) => ({ ...v, value, overrides: [] })),
    };
  }
  const existing = current.variants.find((v) => v.environmentId === environmentId);
  const killed: Variant = existing
    ? { ...existing, value, overrides: [] }
    : { environmentId, value, overrides: [], schema: null, useBaseSchema: true };
  return {
    ...current,
    variants: existing
      ? current.variants.map((v) => v.environmentId === environmentId ? killed : v)
      : [...current.variants, killed],
  };
}

/**
 * `current` with the parts a kill changed restored from `before` (the state the kill
 * replaced). Variants of environments outside `environmentIds` (deleted since) are dropped.
 */
export function undoneState(
  current: ConfigState,
  before: ConfigState,
  environmentId: string | null,
  environmentIds: ReadonlySet<string>,
): ConfigState {
  const was = new Map(before.variants.map((v) => [v.environmentId, v]));
  let variants: Variant[];
  let base = current.base;
  if (environmentId === null) {
    base = { ...current.base, value: before.base.value, overrides: before.base.overrides };
    variants = current.variants.map((v) => was.get(v.environmentId) ?? v);
    for (const v of before.variants) {
      if (!variants.some((x) => x.environmentId === v.environmentId)) variants.push(v);
    }
  } else {
    const old = was.get(environmentId);
    variants = current.variants.filter((v) => v.environmentId !== environmentId);
    if (old) variants.push(old);
  }
  return {
    ...current,
    base,
    variants: variants.filter((v) => environmentIds.has(v.environmentId)),
  };
}
