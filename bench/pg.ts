// A fresh Postgres database per bench run, dropped afterwards (also on Ctrl-C).
import postgres from "postgres";
import { onCleanup } from "./cleanup.ts";

export const ADMIN_URL = Deno.env.get("BENCH_DATABASE_URL") ??
  "postgres://postgres@127.0.0.1:5432/postgres";

function admin(): postgres.Sql {
  return postgres(ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
}

/** The server's version string, or null with the reason when Postgres is unreachable. */
export async function postgresVersion(): Promise<{ version: string } | { error: string }> {
  const sql = admin();
  try {
    const [row] = await sql<{ v: string }[]>`SELECT current_setting('server_version') AS v`;
    return { version: row!.v };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    await sql.end({ timeout: 1 });
  }
}

export type FreshDatabase = { url: string; drop: () => Promise<void> };

export async function freshDatabase(): Promise<FreshDatabase> {
  const name = `dialtone_bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const sql = admin();
  try {
    await sql.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await sql.end({ timeout: 1 });
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const drop = onCleanup(async () => {
    const s = admin();
    try {
      await s.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await s.end({ timeout: 1 });
    }
  });
  return { url: url.toString(), drop };
}
