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
