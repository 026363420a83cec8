import assert from "node:assert/strict";
import { DEFAULT_RETRY_DELAYS_MS, outcomeOf, retryDelay } from "./webhook_retry.ts";
import type { AttemptResult } from "./webhook_http.ts";

const failed: AttemptResult = {
  outcome: "failed",
  status: 500,
  error: "The endpoint answered 500",
  response: "no",
  latencyMs: 12,
};

Deno.test("DEFAULT_RETRY_DELAYS_MS spans about a day and grows", () => {
  const total = DEFAULT_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
  assert.ok(total > 20 * 3_600_000 && total < 28 * 3_600_000, `${total / 3_600_000} h`);
  for (let i = 1; i < DEFAULT_RETRY_DELAYS_MS.length; i++) {
    assert.ok(DEFAULT_RETRY_DELAYS_MS[i]! >= DEFAULT_RETRY_DELAYS_MS[i - 1]!);
  }
});

Deno.test("retryDelay() grows with the attempts and stays within the jitter", () => {
  const p = { delaysMs: [1_000, 4_000, 16_000], jitter: 0.2 };
  assert.equal(retryDelay({ ...p, random: () => 0.5 }, 1), 1_000);
  assert.equal(retryDelay({ ...p, random: () => 0 }, 2), 3_200);
  assert.equal(retryDelay({ ...p, random: () => 1 }, 3), 19_200);
  assert.equal(retryDelay({ ...p, random: () => 0.5 }, 9), 16_000, "the last delay repeats");
  const spread = new Set(Array.from({ length: 50 }, () => retryDelay(p, 2)));
  assert.ok(spread.size > 40, "jitter spreads retries");
  for (const d of spread) assert.ok(d >= 3_200 && d <= 4_800, String(d));
});

Deno.test("outcomeOf() retries until the budget is spent, then makes a dead letter", () => {
  const p = { delaysMs: [1_000, 2_000], jitter: 0 };
  const at = Date.parse("2025-01-01T00:00:00Z");
  const first = outcomeOf(p, 0, failed, at);
  assert.equal(first.state, "pending");
  assert.equal(first.nextAttemptAt, "2025-01-01T00:00:01.000Z");
  assert.equal(first.status, 500);
  assert.equal(outcomeOf(p, 1, failed, at).nextAttemptAt, "2025-01-01T00:00:02.000Z");
  assert.equal(outcomeOf(p, 2, failed, at).state, "dead");
  assert.equal(
    outcomeOf(p, 2, { ...failed, outcome: "delivered", status: 204 }, at).state,
    "delivered",
  );
  const gone = outcomeOf(p, 5, { ...failed, outcome: "gone", status: 410 }, at);
  assert.equal(gone.state, "pending", "waits for the endpoint to be enabled again");
});
