import type { Db } from "../db.ts";

export type IdempotencyRecord = {
  scope: string;
  key: string;
  fingerprint: string;
  /** The token of the request that holds the key while it runs; null once answered. */
  claim: string | null;
  lockedUntil: string | null;
  /** The stored answer; null while the first request runs. */
  status: number | null;
  body: string | null;
  createdAt: string;
  expiresAt: string;
};

type Row = {
  scope: string;
  key: string;
  fingerprint: string;
  claim: string | null;
  locked_until: string | null;
  status: number | null;
  body: string | null;
  created_at: string;
  expires_at: string;
};

const COLUMNS =
  "scope, key, fingerprint, claim, locked_until, status, body, created_at, expires_at";

const toRecord = (r: Row): IdempotencyRecord => ({
  scope: r.scope,
  key: r.key,
  fingerprint: r.fingerprint,
  claim: r.claim,
  lockedUntil: r.locked_until,
  status: r.status === null ? null : Number(r.status),
  body: r.body,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

/** Idempotency keys of admin mutations and their stored answers (src/service/idempotency.ts). */
export function idempotencyRepo(db: Db) {
  return {
    async get(scope: string, key: string): Promise<IdempotencyRecord | null> {
      const r = await db.get<Row>(
        `SELECT ${COLUMNS} FROM idempotency_keys WHERE scope = $1 AND key = $2`,
        [scope, key],
      );
      return r ? toRecord(r) : null;
    },

    /** Inserts or replaces the key's row with a fresh claim. */
    async claim(
      r: Pick<IdempotencyRecord, "scope" | "key" | "fingerprint" | "createdAt" | "expiresAt"> & {
        claim: string;
        lockedUntil: string;
      },
    ): Promise<void> {
      await db.run(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2`, [r.scope, r.key]);
      await db.run(
        `INSERT INTO idempotency_keys (${COLUMNS})
         VALUES ($1, $2, $3, $4, $5, NULL, NULL, $6, $7)`,
        [r.scope, r.key, r.fingerprint, r.claim, r.lockedUntil, r.createdAt, r.expiresAt],
      );
    },

    /** Stores the answer if `claim` still holds the key; false when another request took it. */
    async complete(
      scope: string,
      key: string,
      claim: string,
      answer: { status: number; body: string | null },
    ): Promise<boolean> {
      return await db.run(
        `UPDATE idempotency_keys SET status = $4, body = $5, claim = NULL, locked_until = NULL
         WHERE scope = $1 AND key = $2 AND claim = $3`,
        [scope, key, claim, answer.status, answer.body],
      ) > 0;
    },

    /** Frees a key whose request failed (nothing was written), if `claim` still holds it. */
    async release(scope: string, key: string, claim: string): Promise<boolean> {
      return await db.run(
        `DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND claim = $3
         AND status IS NULL`,
        [scope, key, claim],
      ) > 0;
    },

    async deleteExpired(now: string): Promise<number> {
      return await db.run(`DELETE FROM idempotency_keys WHERE expires_at <= $1`, [now]);
    },
  };
}
