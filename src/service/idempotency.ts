// Idempotency keys (IETF httpapi "The Idempotency-Key HTTP Header Field"): the first request
// with a key claims it, runs, and stores its answer in its own write transaction, so a write
// that committed always has its answer stored and a rolled-back one never does. A retry with
// the same key and request gets the stored answer; another request under the same key is a
// mismatch; a retry while the first still runs finds the key in flight. Failed requests wrote
// nothing and store nothing: their key is released, and a retry runs again.
import { Conflict } from "../domain/errors.ts";
import { newId } from "../store/db.ts";
import type { Store } from "../store/store.ts";

/** How long an answer is kept. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a claim lasts before a retry may take over the key (its request crashed). */
export const CLAIM_MS = 60_000;

export type KeyedRequest = {
  /** Whose key: one caller's keys never meet another's. */
  scope: string;
  key: string;
  /** Identifies the request (method, path, query, body); see fingerprint() in the HTTP hook. */
  fingerprint: string;
};

export type StoredAnswer = { status: number; body: string | null };

export type Claim =
  | { kind: "claimed"; token: string }
  | { kind: "replay"; answer: StoredAnswer }
  | { kind: "mismatch" }
  | { kind: "in_flight" };

/** Claims the key for this request, or says why it cannot run. */
export function claimKey(store: Store, req: KeyedRequest, now = Date.now()): Promise<Claim> {
  const at = new Date(now).toISOString();
  return store.write(async (tx): Promise<Claim> => {
    await tx.idempotency.deleteExpired(at);
    const found = await tx.idempotency.get(req.scope, req.key);
    if (found) {
      if (found.fingerprint !== req.fingerprint) return { kind: "mismatch" };
      if (found.status !== null) {
        return { kind: "replay", answer: { status: found.status, body: found.body } };
      }
      if (found.lockedUntil !== null && Date.parse(found.lockedUntil) > now) {
        return { kind: "in_flight" };
      }
    }
    const token = newId();
    await tx.idempotency.claim({
      ...req,
      claim: token,
      lockedUntil: new Date(now + CLAIM_MS).toISOString(),
      createdAt: at,
      expiresAt: new Date(now + IDEMPOTENCY_TTL_MS).toISOString(),
    });
    return { kind: "claimed", token };
  });
}

/**
 * Runs `work` inside one write transaction that also stores its answer. `work` reaches the store
 * through `store` as usual: its reads and writes join this transaction (src/store/tx_scope.ts).
 * When the claim was lost meanwhile (it outlived CLAIM_MS and a retry took over), nothing is
 * committed and this throws Conflict. When `work` throws, the key is released.
 */
export async function runClaimed(
  store: Store,
  req: KeyedRequest,
  token: string,
  action: string,
  work: () => Promise<StoredAnswer>,
): Promise<StoredAnswer> {
  try {
    return await store.write(async (tx) => {
      const answer = await work();
      if (!await tx.idempotency.complete(req.scope, req.key, token, answer)) {
        throw new Conflict(
          `Cannot ${action}: the request with Idempotency-Key "${req.key}" took longer than ` +
            `${CLAIM_MS / 1000} s and a retry took its place`,
        );
      }
      return answer;
    });
  } catch (error) {
    // Best effort: if the store is unreachable, the claim expires after CLAIM_MS instead.
    await store.write((tx) => tx.idempotency.release(req.scope, req.key, token)).catch(() => {});
    throw error;
  }
}
