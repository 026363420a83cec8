// Under a history entry: how fast the version reached the SDKs, per environment ("Production:
// 3 clients · 50% 12 ms · 99% 40 ms · 100% 41 ms"). Nothing when no client was connected.
import type { Environment, Propagation } from "../lib/types.ts";

const ms = (v: number | null) =>
  v === null ? "not yet" : v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`;

export function PropagationSummary(
  { items, environments }: { items: Propagation[] | undefined; environments: Environment[] },
) {
  if (!items || items.length === 0) return null;
  const name = (id: string) => environments.find((e) => e.id === id)?.name ?? "deleted environment";
  return (
    <span class="small muted propagation" data-testid="propagation">
      {items.map((p) => (
        <span key={p.environmentId} class="propagation-env">
          {`${name(p.environmentId)}: ${p.clients === 1 ? "1 client" : `${p.clients} clients`}`}
          {` · 50% ${ms(p.p50Ms)} · 99% ${ms(p.p99Ms)} · 100% ${ms(p.p100Ms)}`}
          {p.delivered < p.clients && ` (${p.clients - p.delivered} never had it)`}
        </span>
      ))}
    </span>
  );
}
