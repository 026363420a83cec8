// Before a save: every weighted rule gets a seed (kept from the rule of the same name when
// the client left it out, else new) and the ranges its weights need, starting from where
// users were (targeting/allocation.ts). Ranges the client sent for every variant are taken
// as where users were (a GET → PUT round trip, an import); otherwise the stored rule's are.
import type { ConfigBody, ConfigState } from "../config_state.ts";
import {
  isSplit,
  type Override,
  type PercentRange,
  type Split,
  type SplitOverride,
} from "../overrides.ts";
import { allocate } from "./allocation.ts";
import type { Slice } from "./model.ts";

export type NewSeed = () => string;

export const randomSeed: NewSeed = () => crypto.randomUUID().replaceAll("-", "").slice(0, 12);

export function prepareState(
  next: ConfigState,
  current: ConfigState | null,
  newSeed: NewSeed = randomSeed,
): ConfigState {
  const before = (environmentId: string | null): Override[] =>
    environmentId === null
      ? current?.base.overrides ?? []
      : current?.variants.find((v) => v.environmentId === environmentId)?.overrides ?? [];
  const body = <B extends ConfigBody>(b: B, environmentId: string | null): B =>
    b.overrides.some(isSplit)
      ? { ...b, overrides: prepareOverrides(b.overrides, before(environmentId), newSeed) }
      : b;
  return {
    ...next,
    base: body(next.base, null),
    variants: next.variants.map((v) => body(v, v.environmentId)),
  };
}

function prepareOverrides(list: Override[], previous: Override[], newSeed: NewSeed): Override[] {
  const old = new Map(
    previous.filter(isSplit).map((o): [string, SplitOverride] => [o.name, o]),
  );
  return list.map((o) => {
    if (!isSplit(o)) return o;
    const prior = old.get(o.name)?.split;
    const split: Split = { ...o.split, seed: o.split.seed ?? prior?.seed ?? newSeed() };
    split.variants = withRanges(o.split.variants, prior?.variants ?? []);
    return { ...o, split };
  });
}

/** Entries (variants, slices) with the ranges their weights need now. */
export function withRanges<E extends { name: string; weight: number; ranges?: PercentRange[] }>(
  entries: E[],
  stored: readonly { name: string; ranges?: PercentRange[] }[],
): E[] {
  const source = entries.every((e) => e.ranges) ? entries : stored;
  const previous = new Map(
    source.filter((e) => e.ranges).map((e): [string, PercentRange[]] => [e.name, e.ranges!]),
  );
  const ranges = allocate(entries, previous);
  return entries.map((e, i) => ({ ...e, ranges: ranges[i]! }));
}

/** A group's slices, allocated the same way. */
export const prepareSlices = (slices: Slice[], stored: readonly Slice[]): Slice[] =>
  withRanges(slices, stored);
