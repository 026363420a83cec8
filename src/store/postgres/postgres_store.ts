// The primary store on PostgreSQL. Write transactions take one transaction-scoped advisory
// lock, so revisions commit in allocation order (no late committer below a replica's
// cursor), and NOTIFY rings every instance's doorbell when the transaction commits.
//
// The store can exist before Postgres answers: the first read or write (or ready()) connects
// and migrates, and a failure is retried by the next call. So an instance with a warm replica
// starts and serves SDKs while Postgres is down, and migrations still run before its first
// write once Postgres is back.
import postgres from "postgres";
import { type Logger, silentLogger } from "../../log.ts";
import { isUnavailable, nowIso, PrimaryUnavailableError } from "../db.ts";
import { applyMigrations } from "../migrate.ts";
import { MIGRATIONS } from "../migrations.gen.ts";
import { createTx, runCommitHooks, type Store, type Tx } from "../store.ts";
import { txScope } from "../tx_scope.ts";
import { pgDb } from "./postgres_db.ts";
import { type Listener, type ListenerHooks, startListener } from "./postgres_listener.ts";
import { type PostgresOptions, tlsSettings } from "./postgres_options.ts";

export type { PostgresOptions } from "./postgres_options.ts";

export const CHANGES_CHANNEL = "dialtone_changes";
const FEED_LOCK = 0x6469616c; // "dial"
const MIGRATION_LOCK = 0x6d696772; // "migr"

export type PostgresStore = Store & {
  /** Connects and migrates (once); rejects with the connection's error when that fails. */
  ready(): Promise<void>;
};

/** The settings every client of one store shares: the pool's and the LISTEN connection's. */
function clientOptions(o: PostgresOptions) {
  const tls = tlsSettings(o.url, o.sslCa);
  // postgres.js lets URL parameters override `connection`; the name is set here instead, so the
  // LISTEN connection's name can be derived from it.
  const parsed = new URL(tls.url);
  const name = parsed.searchParams.get("application_name") || "dialtone";
  parsed.searchParams.delete("application_name");
  const idle = o.idleTimeoutSeconds ?? 60;
  return {
    url: parsed.toString(),
    name,
    options: {
      max: o.maxConnections ?? 10,
      connect_timeout: o.connectTimeoutSeconds ?? 5,
      idle_timeout: idle === 0 ? undefined : idle,
      max_lifetime: 60 * 30,
      keep_alive: 30,
      onnotice: () => {},
      ssl: tls.tls,
      types: {
        bigint: { to: 20, from: [20], serialize: String, parse: Number },
        timestamptz: {
          to: 1184,
          from: [1082, 1114, 1184],
          serialize: (x: unknown) => (x instanceof Date ? x.toISOString() : String(x)),
          parse: (x: string) => new Date(x).toISOString(),
        },
      },
      connection: { application_name: name },
    },
  };
}

/** What the LISTEN connection calls itself in pg_stat_activity: pid and host tell instances apart. */
export function listenApplicationName(pool = "dialtone"): string {
  let host = "";
  try {
    host = Deno.hostname();
  } catch { /* no permission: the pid alone */ }
  return `${pool}-listen ${Deno.pid}${host ? `@${host}` : ""}`.slice(0, 63);
}

/** A connected, migrated store; throws when Postgres cannot be reached or migrated. */
export async function openPostgresStore(
  o: PostgresOptions,
  log: Logger = silentLogger,
): Promise<PostgresStore> {
  const store = createPostgresStore(o, log);
  try {
    await store.ready();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/** A store that connects on first use (see the top of this file). */
export function createPostgresStore(o: PostgresOptions, log: Logger): PostgresStore {
  const { url, name, options } = clientOptions(o);
  const healthCheckMs = (o.healthCheckSeconds ?? 10) * 1000;
  let sql = postgres(url, options);
  let migrated: Promise<void> | null = null;
  // One LISTEN connection per store, shared by every subscriber (replicator, jobs).
  const subscribers = new Set<(revision: number) => void>();
  let listener: Promise<Listener> | null = null;
  let active: Listener | null = null;
  let listens = 0;
  const scope = txScope();

  const ready = () =>
    migrated ??= migrate(sql).catch((error) => {
      migrated = null;
      throw error;
    });

  /** ready(), with anything that stops it reported as "the primary is unavailable". */
  const usable = async () => {
    try {
      await ready();
    } catch (error) {
      if (isUnavailable(error)) throw error;
      throw new PrimaryUnavailableError((error as Error)?.message ?? String(error), {
        cause: error,
      });
    }
  };

  // A LISTEN connection that stopped answering says the network path is dead; pooled
  // connections on it would hang until TCP gives up, so they are replaced too.
  const recycle = () => {
    log.warn("Replacing the Postgres connection pool: a health check went unanswered");
    const old = sql;
    sql = postgres(url, options);
    old.end({ timeout: 0 }).catch(() => {});
  };

  const openListenClient = (hooks: ListenerHooks) =>
    postgres(url, {
      ...options,
      ...hooks,
      max: 1,
      idle_timeout: undefined,
      max_lifetime: null,
      fetch_types: false,
      connection: { application_name: listenApplicationName(name) },
    });

  return {
    dialect: "postgres",
    ready,

    get listening() {
      return active?.listening ?? false;
    },

    get listens() {
      return listens;
    },

    read: async <T>(fn: (tx: Tx) => Promise<T>) => {
      const open = scope.current();
      if (open) return await fn(open);
      await usable();
      return await sql.begin(
        "isolation level repeatable read read only",
        (t) => fn(createTx(pgDb(t), o.keys)),
      ) as T;
    },

    write: async <T>(fn: (tx: Tx) => Promise<T>) => {
      const open = scope.current();
      if (open) return await scope.nested(open, fn);
      await usable();
      let tx: Tx | undefined;
      const result = await sql.begin(async (t) => {
        // Write transactions run one at a time, cluster-wide: revisions then commit in the
        // order they were allocated (no late committer below a replica's cursor), every
        // read-modify-write sees the previous write, and no two writers can deadlock.
        await t.unsafe(`SELECT pg_advisory_xact_lock(${FEED_LOCK})`);
        tx = createTx(pgDb(t), o.keys);
        const result = await scope.run(tx, fn);
        const revision = tx.feed.lastAppended;
        if (revision !== null) {
          await t.unsafe(`SELECT pg_notify($1, $2)`, [CHANGES_CHANNEL, String(revision)]);
        }
        return result;
      }) as T;
      runCommitHooks(tx!);
      return result;
    },

    listen: async (onChange) => {
      const joining = active !== null;
      subscribers.add(onChange);
      const ring = (revision: number) => {
        for (const subscriber of [...subscribers]) subscriber(revision);
      };
      try {
        active = await (listener ??= startListener({
          open: openListenClient,
          channel: CHANGES_CHANNEL,
          onNotify: (payload) => ring(Number(payload) || 0),
          onListen: () => {
            listens++;
            ring(0);
          },
          onStale: recycle,
          healthCheckMs,
          log,
        }));
      } catch (error) {
        subscribers.delete(onChange);
        if (subscribers.size === 0) listener = null;
        throw error;
      }
      // A late subscriber missed the LISTEN's ring: it catches up now, as the first one did.
      if (joining && active.listening) onChange(0);
      return async () => {
        subscribers.delete(onChange);
        if (subscribers.size > 0 || !listener) return;
        const stopping = await listener;
        listener = null;
        active = null;
        await stopping.stop();
      };
    },

    close: async () => {
      subscribers.clear();
      const stopping = listener;
      listener = null;
      active = null;
      if (stopping) await (await stopping).stop();
      await sql.end({ timeout: 5 });
    },
  };
}

async function migrate(sql: postgres.Sql): Promise<void> {
  const conn = await sql.reserve();
  try {
    await conn.unsafe(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await applyMigrations(
        { db: pgDb(conn), exec: async (s) => void await conn.unsafe(s) },
        MIGRATIONS.postgres,
        nowIso,
      );
    } finally {
      await conn.unsafe(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  } finally {
    conn.release();
  }
}
