// node:sqlite behind the Db interface, with cached statements.
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import type { Db, Param } from "../db.ts";

export type SqliteOptions = { synchronous?: "FULL" | "NORMAL" };

export function openSqlite(path: string, options: SqliteOptions = {}): DatabaseSync {
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec(`PRAGMA synchronous = ${options.synchronous ?? "FULL"}`);
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA busy_timeout = 5000");
  return db;
}

/**
 * Runs `fn` in one write transaction (BEGIN IMMEDIATE): it commits when `fn` returns or its
 * promise resolves, and rolls back when `fn` throws, its promise rejects or COMMIT fails.
 */
export function inTransaction<T>(raw: DatabaseSync, fn: () => T): T {
  const rollback = (error: unknown): never => {
    if (raw.isTransaction) raw.exec("ROLLBACK");
    throw error;
  };
  const commit = (result: T): T => {
    raw.exec("COMMIT");
    return result;
  };
  raw.exec("BEGIN IMMEDIATE");
  try {
    const result = fn();
    if (result instanceof Promise) return result.then(commit).catch(rollback) as T;
    return commit(result);
  } catch (error) {
    return rollback(error);
  }
}

/** The Db interface over one connection. Queries use $1…; SQLite reads them as ?1…. */
export function sqliteDb(raw: DatabaseSync): Db & { statement(query: string): StatementSync } {
  const cache = new Map<string, StatementSync>();
  const statement = (query: string) => {
    let s = cache.get(query);
    if (!s) {
      s = raw.prepare(query.replace(/\$(\d+)/g, "?$1"));
      cache.set(query, s);
    }
    return s;
  };
  const bind = (params: Param[]): SQLInputValue[] =>
    params.map((p) => (typeof p === "boolean" ? (p ? 1 : 0) : p));
  return {
    statement,
    all: <T>(query: string, params: Param[] = []) =>
      Promise.resolve(statement(query).all(...bind(params)) as T[]),
    get: <T>(query: string, params: Param[] = []) =>
      Promise.resolve(statement(query).get(...bind(params)) as T | undefined),
    run: (query: string, params: Param[] = []) =>
      Promise.resolve(Number(statement(query).run(...bind(params)).changes)),
  };
}
