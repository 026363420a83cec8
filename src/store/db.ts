// The thin SQL executor both dialects implement. Queries are written once, with $1, $2…
// placeholders; the SQLite side rewrites them to ?1, ?2…. Rows come back with times as
// ISO-8601 strings and int8 as numbers, whichever database produced them.

export type Param = string | number | boolean | null;
export type Row = Record<string, unknown>;

export interface Db {
  all<T = Row>(query: string, params?: Param[]): Promise<T[]>;
  get<T = Row>(query: string, params?: Param[]): Promise<T | undefined>;
  /** Runs a statement and returns the number of rows it changed. */
  run(query: string, params?: Param[]): Promise<number>;
}

export function nowIso(): string {
  return new Date().toISOString();
}

export function newId(): string {
  return crypto.randomUUID();
}

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJson<T>(text: unknown): T {
  return JSON.parse(String(text)) as T;
}

export function fromJsonOrNull<T>(text: unknown): T | null {
  return text === null || text === undefined ? null : JSON.parse(String(text)) as T;
}

/** Which integrity rule a database error broke, in either dialect; null for other errors. */
export function brokenConstraint(error: unknown): "unique" | "foreign_key" | null {
  const e = error as { code?: unknown; errcode?: unknown; message?: unknown };
  const message = String(e?.message ?? "");
  if (e?.code === "23505" || message.includes("UNIQUE constraint failed")) return "unique";
  if (e?.code === "23503" || message.includes("FOREIGN KEY constraint failed")) {
    return "foreign_key";
  }
  return null;
}

/**
 * The primary cannot be used right now (it is down, unreachable, restarting, or not migrated
 * yet). Requests that need it get a 503; SDK traffic, served from the replica, goes on.
 */
export class PrimaryUnavailableError extends Error {
  constructor(readonly reason: string, options?: ErrorOptions) {
    super(`The primary database is unavailable: ${reason}`, options);
    this.name = "PrimaryUnavailableError";
  }
}

// Socket-level codes (node:net, as Deno reports them) and postgres.js's own connection codes.
const REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ECONNABORTED: "connection aborted",
  EPIPE: "connection broken",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  EHOSTDOWN: "host down",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "host name lookup failed",
  CONNECT_TIMEOUT: "timed out while connecting",
  CONNECTION_CLOSED: "connection closed",
  CONNECTION_ENDED: "connection ended",
  CONNECTION_DESTROYED: "connection closed",
  // SQLSTATEs: the server is going away or cannot take connections now.
  "57P01": "the server is shutting down",
  "57P02": "the server crashed",
  "57P03": "the server is starting up or shutting down",
  "53300": "too many connections",
};

/** Why the primary is unreachable, or null when `error` is not about reaching it. */
export function unavailableReason(error: unknown): string | null {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof PrimaryUnavailableError) return e.reason;
    const x = e as { code?: unknown; errors?: unknown[]; cause?: unknown };
    const code = typeof x.code === "string" ? x.code : "";
    if (code in REASONS) return REASONS[code]!;
    // SQLSTATE class 08: connection exception.
    if (/^08[0-9A-Z]{3}$/.test(code)) return "connection failure";
    e = Array.isArray(x.errors) ? x.errors[0] : x.cause;
  }
  return null;
}

/** True for errors that mean "the primary is unreachable right now" (answered with 503). */
export function isUnavailable(error: unknown): boolean {
  return unavailableReason(error) !== null;
}
