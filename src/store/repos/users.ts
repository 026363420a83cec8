import { type Db, newId, nowIso } from "../db.ts";
import type { Session, User } from "../types.ts";

type UserRow = { id: string; email: string; name: string; created_at: string; updated_at: string };
type SessionRow = {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string;
  user_agent: string;
  auth_method: string;
};

function toUser(r: UserRow): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toSession(r: SessionRow): Session {
  return {
    tokenHash: r.token_hash,
    userId: r.user_id,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastSeenAt: r.last_seen_at,
    ip: r.ip,
    userAgent: r.user_agent,
    authMethod: r.auth_method === "oidc" ? "oidc" : "password",
  };
}

/** Users (by normalized email), their password hashes and their sessions (by token hash). */
export function usersRepo(db: Db) {
  return {
    async create(email: string, name = ""): Promise<User> {
      const now = nowIso();
      const user = { id: newId(), email, name, createdAt: now, updatedAt: now };
      await db.run(
        `INSERT INTO users (id, email, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`,
        [user.id, email, name, now],
      );
      return user;
    },

    async count(): Promise<number> {
      const row = await db.get<{ n: number }>(`SELECT count(*) AS n FROM users`);
      return Number(row?.n ?? 0);
    },

    async get(id: string): Promise<User | null> {
      const r = await db.get<UserRow>(`SELECT * FROM users WHERE id = $1`, [id]);
      return r ? toUser(r) : null;
    },

    async getByEmail(email: string): Promise<User | null> {
      const r = await db.get<UserRow>(`SELECT * FROM users WHERE email = $1`, [email]);
      return r ? toUser(r) : null;
    },

    async rename(id: string, name: string): Promise<void> {
      await db.run(`UPDATE users SET name = $2, updated_at = $3 WHERE id = $1`, [
        id,
        name,
        nowIso(),
      ]);
    },

    async setPasswordHash(userId: string, hash: string): Promise<void> {
      await db.run(
        `INSERT INTO password_credentials (user_id, password_hash, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE
         SET password_hash = excluded.password_hash, updated_at = excluded.updated_at`,
        [userId, hash, nowIso()],
      );
    },

    async passwordHash(userId: string): Promise<string | null> {
      const r = await db.get<{ password_hash: string }>(
        `SELECT password_hash FROM password_credentials WHERE user_id = $1`,
        [userId],
      );
      return r?.password_hash ?? null;
    },

    async createSession(
      s: Omit<Session, "createdAt" | "lastSeenAt" | "authMethod"> & {
        authMethod?: Session["authMethod"];
      },
    ): Promise<Session> {
      const now = nowIso();
      const session = { authMethod: "password" as const, ...s, createdAt: now, lastSeenAt: now };
      await db.run(
        `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, ip, user_agent, auth_method)
         VALUES ($1, $2, $3, $4, $3, $5, $6, $7)`,
        [s.tokenHash, s.userId, now, s.expiresAt, s.ip, s.userAgent, session.authMethod],
      );
      return session;
    },

    async session(tokenHash: string): Promise<Session | null> {
      const r = await db.get<SessionRow>(`SELECT * FROM sessions WHERE token_hash = $1`, [
        tokenHash,
      ]);
      return r ? toSession(r) : null;
    },

    /** Extends a password session; an SSO session keeps the expiry it got at sign-in. */
    async touchSession(tokenHash: string, expiresAt: string): Promise<void> {
      await db.run(
        `UPDATE sessions SET last_seen_at = $2,
           expires_at = CASE WHEN auth_method = 'oidc' THEN expires_at ELSE $3 END
         WHERE token_hash = $1`,
        [tokenHash, nowIso(), expiresAt],
      );
    },

    async deleteSession(tokenHash: string): Promise<void> {
      await db.run(`DELETE FROM sessions WHERE token_hash = $1`, [tokenHash]);
    },

    /** Ends every session of a user but one (after a password change). */
    async deleteSessionsExcept(userId: string, keepTokenHash: string | null): Promise<void> {
      await db.run(`DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, [
        userId,
        keepTokenHash ?? "",
      ]);
    },

    /** Ends every session of a user; returns how many there were. */
    async deleteSessionsOf(userId: string): Promise<number> {
      return await db.run(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
    },

    async deleteExpiredSessions(): Promise<number> {
      return await db.run(`DELETE FROM sessions WHERE expires_at < $1`, [nowIso()]);
    },
  };
}
