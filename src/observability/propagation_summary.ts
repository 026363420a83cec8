// The propagation summary of a config version: per environment, how long after the commit 50%,
// 99% and 100% of the SDK streams connected at the time had been handed the revision. Pure: it
// merges the rows every instance stored (src/store/repos/receipts.ts).
import type { Samples, StoredPropagation } from "../store/repos/receipts.ts";

export type PropagationSummary = {
  environmentId: string;
  revision: number;
  committedAt: string;
  /** Streams connected on every instance when the revision reached it. */
  clients: number;
  /** How many of them were handed it (the rest ended first, or are still behind). */
  delivered: number;
  /** Milliseconds from the commit until that share of the clients had it; null: not (yet). */
  p50Ms: number | null;
  p99Ms: number | null;
  p100Ms: number | null;
};

/** The time by which at least `share` of `clients` had it, from merged samples. */
export function timeToShare(samples: Samples, clients: number, share: number): number | null {
  if (clients === 0) return null;
  const need = Math.ceil(share * clients);
  let have = 0;
  for (const [ms, count] of samples) {
    have += count;
    if (have >= need) return ms;
  }
  return null;
}

/** One summary per version and environment, over every instance's row. */
export function summarize(rows: StoredPropagation[]): Map<number, PropagationSummary[]> {
  const groups = new Map<string, StoredPropagation[]>();
  for (const r of rows) {
    const key = `${r.version}\0${r.environmentId}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const out = new Map<number, PropagationSummary[]>();
  for (const list of groups.values()) {
    const first = list[0]!;
    const samples = list.flatMap((r) => r.samples).sort((a, b) => a[0] - b[0]);
    const clients = list.reduce((n, r) => n + r.clients, 0);
    const delivered = samples.reduce((n, s) => n + s[1], 0);
    const summary: PropagationSummary = {
      environmentId: first.environmentId,
      revision: first.revision,
      committedAt: new Date(Math.min(...list.map((r) => r.committedMs))).toISOString(),
      clients,
      delivered,
      p50Ms: timeToShare(samples, clients, 0.5),
      p99Ms: timeToShare(samples, clients, 0.99),
      p100Ms: timeToShare(samples, clients, 1),
    };
    const forVersion = out.get(first.version);
    if (forVersion) forVersion.push(summary);
    else out.set(first.version, [summary]);
  }
  return out;
}
