// TARGETS.md as data: the target and Replane's figure for each row the bench can judge.
import type { Row, Verdict } from "./table.ts";

export type TargetId = keyof typeof TARGETS;

export const TARGETS = {
  prop10k: {
    metric: "Propagation p99, write 2xx → SDK, 10,000 streams",
    target: "p99 ≤ 25 ms, every value delivered",
    replane: "p99 2.4–2.6 s; 14–16% of values sent",
  },
  prop1k: {
    metric: "Propagation p99, write 2xx → SDK, 1,000 streams",
    target: "p99 ≤ 10 ms",
    replane: "p99 179–233 ms",
  },
  propPg1k: {
    metric: "Propagation p99 across two instances (NOTIFY), 1,000 streams",
    target: "p99 ≤ 50 ms",
    replane: "polls every 100 ms",
  },
  streamsMax: {
    metric: "Streams in one process",
    target: "open-files ceiling (~19,900), RSS < 300 MB",
    replane: "15,000 at 2.0 GB",
  },
  perStream: {
    metric: "Memory per idle stream",
    target: "≤ 10 kB",
    replane: "120–160 kB",
  },
  idleRss: { metric: "Idle RSS", target: "≤ 80 MB", replane: "249 MB" },
  putFanout: {
    metric: "Admin PUT p99 while fanning out to 10,000 streams",
    target: "≤ 20 ms",
    replane: "2.4–2.6 s",
  },
  connectRate: {
    metric: "Stream connects, 200 pending at once",
    target: "≥ 5,000/s",
    replane: "350–650/s",
  },
  snapshot2k: {
    metric: "Snapshot GET 2 kB env vs bare Deno.serve",
    target: "≥ 0.8× bare",
    replane: "no such endpoint",
  },
  evaluation: {
    metric: "Evaluate a config with 5 overrides",
    target: "≤ 0.5 µs, ≥ 2× faster than @replanejs/sdk",
    replane: "—",
  },
  coldStart: {
    metric: "Cold start to healthy, 10,000 configs",
    target: "≤ 300 ms",
    replane: "—",
  },
} as const satisfies Record<string, { metric: string; target: string; replane: string }>;

/** A row judged against a TARGETS.md target. */
export function targetRow(
  id: TargetId,
  mode: string,
  measured: string,
  verdict: Verdict,
  note?: string,
): Row {
  const t = TARGETS[id];
  return { metric: t.metric, mode, measured, target: t.target, replane: t.replane, verdict, note };
}

/** A measured number with no target of its own. */
export function infoRow(metric: string, mode: string, measured: string, note?: string): Row {
  return { metric, mode, measured, target: "—", replane: "—", verdict: "info", note };
}

/** A target row that could not be measured, with the precise reason. */
export function notRun(id: TargetId, mode: string, reason: string): Row {
  return targetRow(id, mode, "—", "not run", reason);
}
