// Percentiles and number formatting for the bench tables.

export type Summary = {
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
};

/** Nearest-rank percentile of an ascending array: the smallest value with ≥ p% at or below it. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Summary of the finite values; null when there are none. */
export function summarize(values: Iterable<number>): Summary | null {
  const xs: number[] = [];
  for (const v of values) if (Number.isFinite(v)) xs.push(v);
  if (xs.length === 0) return null;
  const sorted = Float64Array.from(xs).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n: sorted.length,
    min: sorted[0]!,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1]!,
    mean: sum / sorted.length,
  };
}

export function median(values: number[]): number {
  return percentile(Float64Array.from(values).sort(), 50);
}

/** Milliseconds in the unit that reads best: "850 µs", "12.3 ms", "2.41 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  const abs = Math.abs(ms);
  if (abs < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (abs < 10) return `${ms.toFixed(2)} ms`;
  if (abs < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return "—";
  return ns < 1000 ? `${ns.toFixed(0)} ns` : `${(ns / 1000).toFixed(2)} µs`;
}

/** Decimal units, as TARGETS.md writes them: "512 B", "9.8 kB", "212.0 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "—";
  const abs = Math.abs(bytes);
  if (abs < 1e3) return `${bytes.toFixed(0)} B`;
  if (abs < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (abs < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

/** "12,345" for counts and rates. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return "—";
  return Math.round(n).toLocaleString("en-US");
}

export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return "—";
  return share === 1 ? "100%" : `${(share * 100).toFixed(share > 0.999 ? 2 : 1)}%`;
}

/** "p50 1.2 ms · p95 … · p99 … · max …" */
export function formatSummaryMs(s: Summary | null): string {
  if (s === null) return "no samples";
  return `p50 ${formatMs(s.p50)} · p95 ${formatMs(s.p95)} · p99 ${formatMs(s.p99)} · max ${
    formatMs(s.max)
  }`;
}
