// Operator commands that act on this machine's database directly, with the server's own
// settings (DATA_DIR, DATABASE_URL, … as variables or flags): `users reset-password` and
// `backup`. They work while the server runs.
import { loadConfig, type LoadedConfig } from "../config/config.ts";
import { DomainError } from "../domain/errors.ts";
import { createLogger } from "../log.ts";
import { openPrimaryStore } from "../server.ts";
import { resetPassword } from "../service/password_reset.ts";
import { BackupError, backupSqlite } from "../store/sqlite/backup.ts";
import { boolFlag, noMore, type Parsed, positional, stringFlag } from "./args.ts";
import { CliFailure, UsageError } from "./errors.ts";
import type { Io } from "./io.ts";

export function settings(p: Parsed, io: Io): LoadedConfig {
  const loaded = loadConfig(io.env, p.passthrough);
  if (!loaded.ok) {
    throw new UsageError(`Bad settings:\n${loaded.problems.map((x) => `  - ${x}`).join("\n")}`);
  }
  return loaded.config;
}

async function newPassword(p: Parsed, io: Io): Promise<{ password: string; generated: boolean }> {
  if (boolFlag(p, "generate")) {
    const bytes = crypto.getRandomValues(new Uint8Array(18));
    const password = btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_");
    return { password, generated: true };
  }
  if (io.stdinIsTerminal) {
    const first = await io.promptSecret("New password: ");
    const again = await io.promptSecret("Repeat it: ");
    if (first !== again) throw new CliFailure("The two passwords differ; nothing changed");
    return { password: first, generated: false };
  }
  // From a pipe: the first line, so `echo "$PW" | dialtone users reset-password …` works.
  const line = (await io.readStdin()).split(/\r?\n/)[0] ?? "";
  return { password: line, generated: false };
}

export async function resetPasswordCommand(p: Parsed, io: Io): Promise<void> {
  const email = positional(p, 0, "the account's email: dialtone users reset-password EMAIL");
  noMore(p, 1);
  const config = settings(p, io);
  const database = `${config.dataDir}/dialtone.db`;
  if (!config.databaseUrl && !(await Deno.stat(database).then(() => true, () => false))) {
    throw new CliFailure(`There is no database at ${database}: is DATA_DIR (--data-dir) right?`);
  }
  const { password, generated } = await newPassword(p, io);
  const log = createLogger({ level: "warn", format: config.logFormat });
  const store = await openPrimaryStore(config, log);
  try {
    const user = await resetPassword(store, email, password);
    const summary = { email: user.email, sessionsEnded: true, ...(generated ? { password } : {}) };
    if (boolFlag(p, "json")) return io.out(JSON.stringify(summary, null, 2));
    io.out(`Reset the password of ${user.email}; every session of the account was ended.`);
    if (generated) io.out(`New password (shown only this once): ${password}`);
  } catch (error) {
    if (error instanceof DomainError) throw new CliFailure(error.message);
    throw error;
  } finally {
    await store.close();
  }
}

const stamp = () => new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");

export async function backupCommand(p: Parsed, io: Io): Promise<void> {
  noMore(p, 0);
  const config = settings(p, io);
  if (config.databaseUrl) {
    throw new CliFailure(
      "dialtone backup copies the embedded SQLite database, but DATABASE_URL is set: " +
        "back up Postgres with pg_dump (docs/operations.md)",
    );
  }
  const source = `${config.dataDir}/dialtone.db`;
  let target = stringFlag(p, "output");
  if (target === undefined) {
    await Deno.mkdir(`${config.dataDir}/backups`, { recursive: true });
    target = `${config.dataDir}/backups/dialtone-${stamp()}.db`;
  }
  try {
    const result = await backupSqlite(source, target);
    if (boolFlag(p, "json")) return io.out(JSON.stringify({ source, target, ...result }, null, 2));
    io.out(
      `Backed up ${source} to ${target} (${(result.bytes / 1024).toFixed(1)} KiB, ` +
        `schema version ${result.schemaVersion}, ${result.configs} configs)`,
    );
  } catch (error) {
    if (error instanceof BackupError) throw new CliFailure(error.message);
    throw error;
  }
}
