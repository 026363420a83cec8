// What an attempt's result means for its delivery: delivered, waiting (410: until the endpoint
// is enabled again), retried after an exponential delay with jitter, or a dead letter once the
// retry budget is spent.
import type { AttemptOutcome } from "../store/repos/webhook_deliveries.ts";
import type { AttemptResult } from "./webhook_http.ts";

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [
  5_000,
  30_000,
  120_000,
  600_000,
  1_800_000,
  3_600_000,
  7_200_000,
  14_400_000,
  28_800_000,
  28_800_000,
]; // about 24 hours in all: 11 attempts

export type RetryPolicy = {
  /** One delay per retry; after the last, a dead letter. */
  delaysMs: readonly number[];
  /** ± this fraction of each delay, at random. */
  jitter: number;
  random?: () => number;
};

/** The wait after the `attempts`-th failed attempt. */
export function retryDelay(p: RetryPolicy, attempts: number): number {
  const base = p.delaysMs[Math.min(attempts, p.delaysMs.length) - 1] ?? 0;
  const random = p.random ?? Math.random;
  return Math.max(0, base * (1 + p.jitter * (2 * random() - 1)));
}

/** The delivery's next state after one more attempt (it had `attemptsBefore`) at `at`. */
export function outcomeOf(
  p: RetryPolicy,
  attemptsBefore: number,
  r: AttemptResult,
  at: number,
): AttemptOutcome {
  const attempts = attemptsBefore + 1;
  const attemptAt = new Date(at).toISOString();
  const base = {
    attemptAt,
    status: r.status,
    error: r.error,
    response: r.response,
    latencyMs: r.latencyMs,
  };
  if (r.outcome === "delivered") return { ...base, state: "delivered", nextAttemptAt: attemptAt };
  if (r.outcome === "gone") return { ...base, state: "pending", nextAttemptAt: attemptAt };
  if (attempts > p.delaysMs.length) return { ...base, state: "dead", nextAttemptAt: attemptAt };
  const next = new Date(at + retryDelay(p, attempts)).toISOString();
  return { ...base, state: "pending", nextAttemptAt: next };
}
