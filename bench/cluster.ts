// One Dialtone deployment for a section: embedded mode is one instance on SQLite; Postgres mode
// is two instances (A takes the writes, B serves the measured clients) on a fresh database.
import type { BenchContext, Mode } from "./context.ts";
import { freshDatabase } from "./pg.ts";
import { type ProjectSpec, type SeededProject, seedPrimary } from "./seed.ts";
import { type Instance, startInstance } from "./server.ts";
import { removeDir, tempDir } from "./cleanup.ts";

export type Cluster = {
  mode: Mode;
  instances: Instance[];
  /** Where admin writes go. */
  writer: Instance;
  /** Where the measured SDK clients connect (B in Postgres mode, so changes cross instances). */
  reader: Instance;
  projects: SeededProject[];
  adminKey: string;
};

export async function withCluster<T>(
  ctx: BenchContext,
  mode: Mode,
  specs: ProjectSpec[],
  fn: (cluster: Cluster) => Promise<T>,
  options: { denoFlags?: string[] } = {},
): Promise<T> {
  const adminKey = `bench-superuser-${crypto.randomUUID()}`;
  const env: Record<string, string> = { SUPERUSER_API_KEY: adminKey, TESTING_MODE: "true" };
  const instances: Instance[] = [];
  let dataDir: string | null = null;
  let dropDb: (() => Promise<void>) | null = null;
  try {
    let projects: SeededProject[];
    if (mode === "embedded") {
      dataDir = await tempDir("embedded");
      projects = await seedPrimary({ dataDir }, specs);
      ctx.signal.throwIfAborted();
      instances.push(await startInstance({ name: "A", env, dataDir, ...options }));
    } else {
      const db = await freshDatabase();
      dropDb = db.drop;
      projects = await seedPrimary({ databaseUrl: db.url }, specs);
      env.DATABASE_URL = db.url;
      for (const name of ["A", "B"]) {
        ctx.signal.throwIfAborted();
        instances.push(await startInstance({ name, env, ...options }));
      }
    }
    ctx.signal.throwIfAborted();
    return await fn({
      mode,
      instances,
      writer: instances[0]!,
      reader: instances[instances.length - 1]!,
      projects,
      adminKey,
    });
  } finally {
    await Promise.allSettled(instances.map((i) => i.stop()));
    if (dataDir !== null) await removeDir(dataDir);
    if (dropDb !== null) await dropDb().catch(() => {});
  }
}
