import { type Db, nowIso } from "../db.ts";

/** An OpenID Connect identity (issuer + subject) linked to an account (docs/sso.md). */
export type Identity = { issuer: string; subject: string; userId: string; email: string };

export function identitiesRepo(db: Db) {
  return {
    async get(issuer: string, subject: string): Promise<Identity | null> {
      const r = await db.get<{ user_id: string; email: string }>(
        `SELECT user_id, email FROM user_identities WHERE issuer = $1 AND subject = $2`,
        [issuer, subject],
      );
      return r ? { issuer, subject, userId: r.user_id, email: r.email } : null;
    },

    /** Links the identity, or records its latest sign-in and email. */
    async upsert(identity: Identity): Promise<void> {
      const now = nowIso();
      await db.run(
        `INSERT INTO user_identities (issuer, subject, user_id, email, created_at, last_login_at)
         VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (issuer, subject) DO UPDATE
         SET email = excluded.email, last_login_at = excluded.last_login_at`,
        [identity.issuer, identity.subject, identity.userId, identity.email, now],
      );
    },
  };
}
