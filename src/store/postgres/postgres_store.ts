// The primary store on PostgreSQL. Change-feed appends take a transaction-scoped advisory
// lock, so revisions commit in allocation order (no late committer below a replica's
// cursor), and NOTIFY rings every instance's doorbell when the transaction commits.
import postgres from "postgres";
import { nowIso } from "../db.ts";
import { applyMigrations } from "../migrate.ts";
import { MIGRATIONS } from "../migrations.gen.ts";
import { createTx, type Store, type Tx } from "../store.ts";
import { pgDb } from "./postgres_db.ts";

export const CHANGES_CHANNEL = "dialtone_changes";
const FEED_LOCK = 0x6469616c; // "dial"
const MIGRATION_LOCK = 0x6d696772; // "migr"

export type PostgresOptions = {
  url: string;
  maxConnections?: number;
  /** PEM text of a CA certificate; TLS otherwise follows the URL's sslmode. */
  sslCa?: string;
  connectTimeoutSeconds?: number;
};

export function connectPostgres(o: PostgresOptions): postgres.Sql {
  return postgres(o.url, {
    max: o.maxConnections ?? 10,
    connect_timeout: o.connectTimeoutSeconds ?? 5,
    idle_timeout: 60,
    max_lifetime: 60 * 30,
    onnotice: () => {},
    ssl: o.sslCa ? { ca: o.sslCa } : undefined,
    types: {
      bigint: { to: 20, from: [20], serialize: String, parse: Number },
      timestamptz: {
        to: 1184,
        from: [1082, 1114, 1184],
        serialize: (x: unknown) => (x instanceof Date ? x.toISOString() : String(x)),
        parse: (x: string) => new Date(x).toISOString(),
      },
    },
    connection: { application_name: "dialtone" },
  });
}

export async function openPostgresStore(o: PostgresOptions): Promise<Store> {
  const sql = connectPostgres(o);
  try {
    await migrate(sql);
  } catch (error) {
    await sql.end({ timeout: 1 });
    throw error;
  }

  return {
    dialect: "postgres",

    read: <T>(fn: (tx: Tx) => Promise<T>) =>
      sql.begin(
        "isolation level repeatable read read only",
        (t) => fn(createTx(pgDb(t))),
      ) as Promise<
        T
      >,

    write: <T>(fn: (tx: Tx) => Promise<T>) =>
      sql.begin(async (t) => {
        const tx = createTx(pgDb(t), async () => {
          await t.unsafe(`SELECT pg_advisory_xact_lock(${FEED_LOCK})`);
        });
        const result = await fn(tx);
        const revision = tx.feed.lastAppended;
        if (revision !== null) {
          await t.unsafe(`SELECT pg_notify($1, $2)`, [CHANGES_CHANNEL, String(revision)]);
        }
        return result;
      }) as Promise<T>,

    listen: async (onChange) => {
      // onlisten runs on every (re)connect: NOTIFY is at-most-once, so ring the doorbell
      // then too and let the replicator catch up from its cursor.
      const { unlisten } = await sql.listen(
        CHANGES_CHANNEL,
        (payload) => onChange(Number(payload)),
        () => onChange(0),
      );
      return unlisten;
    },

    close: () => sql.end({ timeout: 5 }),
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
