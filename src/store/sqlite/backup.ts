// A consistent copy of the embedded primary (`dialtone backup`), safe while the server runs:
// VACUUM INTO reads one snapshot (WAL readers never block the writer) and writes a compact,
// self-contained file, which is then checked before it is reported as a backup.
import { DatabaseSync } from "node:sqlite";

export type BackupResult = { bytes: number; schemaVersion: number; configs: number };

export class BackupError extends Error {
  override name = "BackupError";
}

export async function backupSqlite(source: string, target: string): Promise<BackupResult> {
  const exists = (path: string) => Deno.stat(path).then(() => true, () => false);
  if (!(await exists(source))) {
    throw new BackupError(`Cannot back up ${source}: there is no database at that path`);
  }
  if (await exists(target)) {
    throw new BackupError(`Cannot back up to ${target}: the file exists; choose a new path`);
  }
  const db = new DatabaseSync(source);
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    db.prepare("VACUUM INTO ?").run(target);
  } catch (error) {
    throw new BackupError(`Cannot back up ${source}: ${(error as Error).message}`);
  } finally {
    db.close();
  }
  const copy = new DatabaseSync(target, { readOnly: true });
  try {
    const check = copy.prepare("PRAGMA integrity_check").all() as { integrity_check: string }[];
    if (check.length !== 1 || check[0]!.integrity_check !== "ok") {
      const found = check.map((r) => r.integrity_check).join("; ");
      throw new BackupError(`The backup ${target} fails its integrity check: ${found}`);
    }
    const version = copy.prepare("SELECT max(version) AS v FROM schema_migrations").get() as {
      v: number | null;
    };
    const configs = copy.prepare("SELECT count(*) AS n FROM configs").get() as { n: number };
    return {
      bytes: (await Deno.stat(target)).size,
      schemaVersion: Number(version.v ?? 0),
      configs: Number(configs.n),
    };
  } finally {
    copy.close();
  }
}
