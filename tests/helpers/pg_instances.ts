// Dialtone server processes in Postgres mode for the *_pg_test files: each with its own data
// directory (its replica), the shared secret and the superuser key, driven over the admin API.
import assert from "node:assert/strict";
import { Api, socket, SUPERUSER_KEY } from "./api.ts";
import { type DialtoneProcess, startDialtone } from "./process.ts";
import { converge } from "./replica_check.ts";

const SECRET = "pg-instances-secret-key-0123456789abcdef";

export type Instance = DialtoneProcess & {
  dir: string;
  replicaPath: string;
  su: Api;
  /** Stops the process (SIGTERM) and removes its data directory. */
  dispose(): Promise<void>;
};

/** Starts `dialtone serve` on `databaseUrl`; `dir` reuses a data directory (a restart). */
export async function startInstance(
  databaseUrl: string,
  env: Record<string, string> = {},
  dir?: string,
): Promise<Instance> {
  const dataDir = dir ?? await Deno.makeTempDir({ prefix: "dialtone-pgi-" });
  const proc = await startDialtone({
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    SECRET_KEY: SECRET,
    SUPERUSER_API_KEY: SUPERUSER_KEY,
    TESTING_MODE: "true",
    DATABASE_MAX_CONNECTIONS: "4",
    ...env,
  }).catch(async (error) => {
    if (!dir) await Deno.remove(dataDir, { recursive: true });
    throw error;
  });
  return Object.assign(proc, {
    dir: dataDir,
    replicaPath: `${dataDir}/replica.db`,
    su: new Api(socket(proc.url), { bearer: SUPERUSER_KEY }),
    dispose: async () => {
      await proc.stop();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    },
  });
}

/** Runs `fn`; when it throws, prints every instance's log first (for failures in CI). */
export async function withLogs<T>(instances: Instance[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const encoder = new TextEncoder();
    for (const i of instances) {
      const log = `--- log of ${i.url} (pid ${i.pid}) ---\n${i.output()}\n`;
      Deno.stderr.writeSync(encoder.encode(log));
    }
    throw error;
  }
}

/** t.step(), printing every instance's log when the step fails. */
export function loggedSteps(t: Deno.TestContext, instances: Instance[]) {
  return (name: string, fn: () => Promise<void>) => t.step(name, () => withLogs(instances, fn));
}

/** Waits up to 10 s for the instance's replica file to equal the primary, then asserts it does. */
export async function assertConverged(instance: Instance, databaseUrl: string, label = "") {
  const { replica, primary } = await converge(instance.replicaPath, databaseUrl, 10_000);
  const prefix = label ? `${label}: ` : "";
  assert.equal(replica.revision, primary.revision, `${prefix}replica cursor`);
  assert.equal(replica.checksum, primary.checksum, `${prefix}rendered configs and keys`);
}
