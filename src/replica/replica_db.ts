// The replica's SQLite file: a cache of everything an instance needs to serve SDKs. It can
// always be rebuilt from the primary, so an unreadable file or an older schema is replaced.
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import type { Logger } from "../log.ts";
import { inTransaction, openSqlite, sqliteDb } from "../store/sqlite/sqlite_db.ts";

export const REPLICA_SCHEMA_VERSION = 3;

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE environments (
  id TEXT PRIMARY KEY, project_id TEXT NOT NULL, name TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX environments_project ON environments (project_id);
-- Raw configs as the feed carries them (JSON of FeedConfig).
CREATE TABLE configs (
  project_id TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL,
  PRIMARY KEY (project_id, name)
) WITHOUT ROWID;
CREATE UNIQUE INDEX configs_id ON configs (id);
-- from_name's overrides use to_name (same project): a config name for a reference, or a
-- prefixed key for a prerequisite, segment or group (src/domain/targeting/uses.ts).
CREATE TABLE config_refs (
  project_id TEXT NOT NULL, to_name TEXT NOT NULL, from_name TEXT NOT NULL,
  PRIMARY KEY (project_id, to_name, from_name)
) WITHOUT ROWID;
CREATE INDEX config_refs_from ON config_refs (project_id, from_name);
-- Segments and exclusion groups (JSON of FeedTarget's data); configs point at them by name.
CREATE TABLE targets (
  project_id TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (project_id, kind, name)
) WITHOUT ROWID;
-- Wire JSON per (environment, config) and the revision that last changed it; a sensitive
-- config's is sealed under its project's data key (src/auth/envelope.ts).
CREATE TABLE rendered (
  environment_id TEXT NOT NULL, name TEXT NOT NULL, revision INTEGER NOT NULL, json TEXT NOT NULL,
  sensitive INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (environment_id, name)
) WITHOUT ROWID;
-- Data keys of sensitive configs, wrapped under a master key as the primary keeps them.
CREATE TABLE data_keys (
  id TEXT PRIMARY KEY, project_id TEXT NOT NULL, wrapped TEXT NOT NULL,
  master_key_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX rendered_revision ON rendered (environment_id, revision);
-- Names deleted from an environment, for Last-Event-ID resume.
CREATE TABLE tombstones (
  environment_id TEXT NOT NULL, name TEXT NOT NULL, revision INTEGER NOT NULL,
  PRIMARY KEY (environment_id, name)
) WITHOUT ROWID;
CREATE TABLE sdk_keys (
  id TEXT PRIMARY KEY, key_hash TEXT NOT NULL, project_id TEXT NOT NULL,
  environment_id TEXT NOT NULL, read_sensitive INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX sdk_keys_environment ON sdk_keys (environment_id);
CREATE INDEX sdk_keys_project ON sdk_keys (project_id);
`;

type Value = string | number | null;

/** Synchronous statements over the replica file; the replicator's writes never interleave with reads. */
export type ReplicaDb = {
  get<T>(query: string, ...params: Value[]): T | undefined;
  all<T>(query: string, ...params: Value[]): T[];
  run(query: string, ...params: Value[]): void;
  /** Runs `fn` in one transaction (rolled back if it throws). */
  transaction<T>(fn: () => T): T;
  close(): void;
};

export function openReplicaDb(path: string, log: Logger): ReplicaDb {
  let raw: DatabaseSync | null = null;
  try {
    raw = openSqlite(path, { synchronous: "NORMAL" });
    const state = schemaState(raw);
    if (state === "current") return wrap(raw);
    if (state === "empty") {
      createSchema(raw);
      return wrap(raw);
    }
    log.info("Rebuilding the replica: its schema is from another version", { path });
  } catch (error) {
    log.warn("Rebuilding the replica: the file cannot be read", { path, error });
  }
  try {
    raw?.close();
  } catch { /* already unusable */ }
  for (const suffix of ["", "-wal", "-shm"]) {
    try {
      Deno.removeSync(path + suffix);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  const fresh = openSqlite(path, { synchronous: "NORMAL" });
  createSchema(fresh);
  return wrap(fresh);
}

function createSchema(raw: DatabaseSync) {
  inTransaction(raw, () => {
    raw.exec(SCHEMA);
    raw.prepare(`INSERT INTO meta (key, value) VALUES ('schema_version', ?)`).run(
      String(REPLICA_SCHEMA_VERSION),
    );
  });
}

/** "empty" is a new file (no tables at all): it gets the schema without a rebuild. */
function schemaState(raw: DatabaseSync): "current" | "empty" | "other" {
  const check = raw.prepare("PRAGMA quick_check").get() as { quick_check?: string } | undefined;
  if (check?.quick_check !== "ok") throw new Error(`quick_check: ${check?.quick_check}`);
  const tables = raw.prepare(`SELECT count(*) AS n FROM sqlite_master`).get() as { n: number };
  if (tables.n === 0) return "empty";
  const table = raw.prepare(`SELECT 1 AS x FROM sqlite_master WHERE name = 'meta'`).get();
  if (!table) return "other";
  const row = raw.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get() as
    | { value: string }
    | undefined;
  return row?.value === String(REPLICA_SCHEMA_VERSION) ? "current" : "other";
}

function wrap(raw: DatabaseSync): ReplicaDb {
  const { statement } = sqliteDb(raw);
  const bind = (params: Value[]) => params as SQLInputValue[];
  return {
    get: <T>(query: string, ...params: Value[]) =>
      statement(query).get(...bind(params)) as T | undefined,
    all: <T>(query: string, ...params: Value[]) => statement(query).all(...bind(params)) as T[],
    run: (query: string, ...params: Value[]) => {
      statement(query).run(...bind(params));
    },
    transaction: <T>(fn: () => T): T => inTransaction(raw, fn),
    close: () => raw.close(),
  };
}
