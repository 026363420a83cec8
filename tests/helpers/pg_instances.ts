// Dialtone server processes in Postgres mode for the *_pg_test files: each with its own data
// directory (its replica), the shared secret and the superuser key, driven over the admin API.
import { Replane, type ReplaneLogger } from "@replanejs/sdk";
import { Api, type Reply, SUPERUSER_KEY } from "./admin.ts";
import { type DialtoneProcess, startDialtone } from "./process.ts";

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
    su: new Api(proc.url, { bearer: SUPERUSER_KEY }),
    dispose: async () => {
      await proc.stop();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    },
  });
}

export function configBody(name: string, value: unknown) {
  return {
    name,
    description: "",
    editors: [],
    base: { value, schema: null, overrides: [] },
    variants: [],
  };
}

/** Creates or replaces a config through the admin API (PUT, then POST on 404). */
export async function writeConfig(
  su: Api,
  projectId: string,
  name: string,
  value: unknown,
): Promise<Reply> {
  const { name: _, ...update } = configBody(name, value);
  const put = await su.send("PUT", `/projects/${projectId}/configs/${name}`, update);
  if (put.status !== 404) return put;
  return await su.send("POST", `/projects/${projectId}/configs`, configBody(name, value));
}

/** writeConfig(), answering only the HTTP status. */
export async function putConfig(
  su: Api,
  projectId: string,
  name: string,
  value: unknown,
): Promise<number> {
  return (await writeConfig(su, projectId, name, value)).status;
}

export async function createSdkKey(su: Api, projectId: string, environmentId: string) {
  const res = await su.send("POST", `/projects/${projectId}/sdk-keys`, {
    name: "test",
    environmentId,
  });
  if (res.status !== 201) throw new Error(`create SDK key: ${res.status} ${res.text}`);
  return String(res.body.key);
}

/** POST /api/sdk/v1/testing/sync: the instance's replica has everything committed. */
export async function syncInstance(url: string): Promise<void> {
  const res = await fetch(`${url}/api/sdk/v1/testing/sync`, { method: "POST" });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`sync ${url}: ${res.status} ${text}`);
}

/** A raw SDK stream request (read it with SseReader). */
export async function openStreamAt(url: string, sdkKey: string): Promise<Response> {
  return await fetch(`${url}/api/sdk/v1/replication/stream`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "text/event-stream",
      Authorization: `Bearer ${sdkKey}`,
    },
    body: JSON.stringify({ currentConfigs: [], requiredConfigs: [] }),
  });
}

const quiet: ReplaneLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** The published SDK, connected to `url`. */
export async function connectSdk(url: string, sdkKey: string): Promise<Replane> {
  const client = new Replane({ logger: quiet });
  await client.connect({ baseUrl: url, sdkKey, connectTimeoutMs: 3_000 });
  return client;
}

/** GET /api/sdk/v1/configs as name → value. */
export async function snapshot(url: string, sdkKey: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/api/sdk/v1/configs`, {
    headers: { authorization: `Bearer ${sdkKey}` },
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`snapshot ${url}: ${res.status} ${JSON.stringify(body)}`);
  const configs = body.configs as { name: string; value: unknown }[];
  return Object.fromEntries(configs.map((c) => [c.name, c.value]));
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

/** Polls until `check` stops throwing, or rethrows its last error after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
