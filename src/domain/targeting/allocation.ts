// Where each variant's (or slice's) users are: disjoint ranges of the bucket space [0, 100).
// Work is in basis points (hundredths of a percent), so sums and boundaries are exact.
//
// The rule for keeping users when weights change (docs/targeting.md): every entry keeps as
// much of its old ranges as its new weight allows, lowest first; an entry that shrinks gives
// up the top of its ranges; an entry that grows (or is new) takes the lowest free space. So a
// user moves only when their variant shrank or was removed, and the share of users who move
// is the sum of the decreases.
import type { PercentRange } from "../overrides.ts";

export const FULL = 10_000;
/** Ranges one entry may be split into; past it the whole split is laid out afresh. */
export const MAX_RANGES = 16;

type Span = [number, number];

export const toBasisPoints = (percent: number) => Math.round(percent * 100);
export const toPercent = (bp: number) => bp / 100;

/** True when `percent` has at most two decimals (so it is a whole number of basis points). */
export function isBasisPointAmount(percent: number): boolean {
  return Number.isFinite(percent) && Math.abs(percent * 100 - Math.round(percent * 100)) < 1e-6;
}

export type Allocatable = { name: string; weight: number; ranges?: PercentRange[] };

/** One fresh layout: entries side by side in their order, from 0. */
export function layout(entries: readonly Allocatable[]): PercentRange[][] {
  let at = 0;
  return entries.map((e) => {
    const bp = toBasisPoints(e.weight);
    const span: Span = [at, at + bp];
    at += bp;
    return bp === 0 ? [] : [[toPercent(span[0]), toPercent(span[1])]];
  });
}

/**
 * The ranges of `entries` (new weights) given where users were: `previous` maps a name to
 * its old ranges. Weights must add up to at most 100.
 */
export function allocate(
  entries: readonly Allocatable[],
  previous: ReadonlyMap<string, readonly PercentRange[]>,
): PercentRange[][] {
  const kept: Span[][] = entries.map((e) => keep(previous.get(e.name) ?? [], e.weight));
  const free = subtract([[0, FULL]], kept.flat());
  const result = entries.map((e, i) => {
    let missing = toBasisPoints(e.weight) - total(kept[i]!);
    const spans = [...kept[i]!];
    while (missing > 0 && free.length > 0) {
      const [from, to] = free[0]!;
      const take = Math.min(missing, to - from);
      spans.push([from, from + take]);
      missing -= take;
      if (from + take === to) free.shift();
      else free[0] = [from + take, to];
    }
    return merge(spans);
  });
  if (result.some((spans) => spans.length > MAX_RANGES)) return layout(entries);
  return result.map((spans) => spans.map(([a, b]): PercentRange => [toPercent(a), toPercent(b)]));
}

/** The lowest part of `ranges` worth `weight` percent. */
function keep(ranges: readonly PercentRange[], weight: number): Span[] {
  let room = toBasisPoints(weight);
  const out: Span[] = [];
  const spans = merge(ranges.map(([a, b]): Span => [toBasisPoints(a), toBasisPoints(b)]));
  for (const [from, to] of spans) {
    if (room <= 0) break;
    const take = Math.min(room, to - from);
    out.push([from, from + take]);
    room -= take;
  }
  return out;
}

const total = (spans: readonly Span[]) => spans.reduce((sum, [a, b]) => sum + b - a, 0);

/** Sorted, with touching and overlapping spans joined, empty ones dropped. */
function merge(spans: readonly Span[]): Span[] {
  const sorted = spans.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Span[] = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** `from` minus every span of `taken`. */
function subtract(from: Span[], taken: readonly Span[]): Span[] {
  let free = from;
  for (const [a, b] of merge(taken)) {
    free = free.flatMap(([x, y]): Span[] => {
      if (b <= x || a >= y) return [[x, y]];
      const parts: Span[] = [];
      if (a > x) parts.push([x, a]);
      if (b < y) parts.push([b, y]);
      return parts;
    });
  }
  return free;
}

/** Whether the ranges of different entries overlap: a pair of indices, or undefined. */
export function overlap(
  ranges: readonly (readonly PercentRange[])[],
): [number, number] | undefined {
  const spans = ranges.flatMap((rs, i) =>
    rs.map(([a, b]) => ({ a: toBasisPoints(a), b: toBasisPoints(b), i }))
  ).filter((s) => s.b > s.a).sort((x, y) => x.a - y.a);
  let reach = { b: -1, i: -1 };
  for (const s of spans) {
    if (s.a < reach.b && s.i !== reach.i) return [reach.i, s.i];
    if (s.b > reach.b) reach = s;
  }
  return undefined;
}
