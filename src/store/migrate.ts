// Applies the embedded migrations in order, each in its own transaction, and refuses
// a database that a newer Dialtone has migrated.
import type { Db } from "./db.ts";
import type { Migration } from "./migrations.gen.ts";

export type MigrationConnection = { db: Db; exec(script: string): Promise<void> };

export class SchemaTooNewError extends Error {
  constructor(found: number, known: number) {
    super(
      `Cannot use this database: its schema is at version ${found}, but this Dialtone knows ` +
        `versions up to ${known}. A newer Dialtone migrated it; run that version (or newer).`,
    );
    this.name = "SchemaTooNewError";
  }
}

/** A migration failed; the database is as it was before that migration. */
export class MigrationError extends Error {
  constructor(readonly version: number, name: string, cause: unknown) {
    super(`Cannot apply migration ${version} (${name}): ${message(cause)}`, { cause });
    this.name = "MigrationError";
  }
}

/** Returns the versions it applied. */
export async function applyMigrations(
  conn: MigrationConnection,
  migrations: Migration[],
  now: () => string,
): Promise<number[]> {
  await conn.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`,
  );
  const row = await conn.db.get<{ v: number | null }>(
    `SELECT max(version) AS v FROM schema_migrations`,
  );
  const current = Number(row?.v ?? 0);
  const known = migrations.length;
  if (current > known) throw new SchemaTooNewError(current, known);
  const applied: number[] = [];
  for (const m of migrations.slice(current)) {
    await conn.exec("BEGIN");
    try {
      await conn.exec(m.sql);
      await conn.db.run(
        `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
        [m.version, m.name, now()],
      );
      await conn.exec("COMMIT");
    } catch (error) {
      await conn.exec("ROLLBACK");
      throw new MigrationError(m.version, m.name, error);
    }
    applied.push(m.version);
  }
  return applied;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
