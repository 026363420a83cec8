// Assembles a running Dialtone from a Config: data directory, stores, HTTP server, and an
// orderly shutdown. main.ts and the integration tests both start servers through here.
import type { Config } from "./config/config.ts";
import { loadOrCreateSecretKey } from "./config/secret_key.ts";
import { createApp } from "./http/app.ts";
import type { Logger } from "./log.ts";
import { openPostgresStore } from "./store/postgres/postgres_store.ts";
import { openSqliteStore } from "./store/sqlite/sqlite_store.ts";
import type { Store } from "./store/store.ts";

export type RunningServer = {
  url: string;
  port: number;
  config: Config;
  store: Store;
  shutdown(): Promise<void>;
};

export class StartupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StartupError";
  }
}

export async function openPrimaryStore(config: Config): Promise<Store> {
  if (!config.databaseUrl) return await openSqliteStore(`${config.dataDir}/dialtone.db`);
  try {
    return await openPostgresStore({
      url: config.databaseUrl,
      maxConnections: config.databaseMaxConnections,
      sslCa: config.databaseSslCa ? await Deno.readTextFile(config.databaseSslCa) : undefined,
    });
  } catch (error) {
    throw new StartupError(
      `Cannot connect to Postgres at ${redact(config.databaseUrl)}: ${describe(error)}`,
      { cause: error },
    );
  }
}

export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  await Deno.mkdir(config.dataDir, { recursive: true });
  const secretKey = config.secretKey ?? await loadOrCreateSecretKey(config.dataDir);
  const full: Config = { ...config, secretKey };
  const store = await openPrimaryStore(full);
  const app = createApp({ config: full, store, log });

  const { promise: listening, resolve } = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve({
    port: config.port,
    hostname: config.host,
    onListen: (addr) => resolve(addr as Deno.NetAddr),
  }, app.fetch);
  const addr = await listening;
  const host = addr.hostname === "0.0.0.0" ? "localhost" : addr.hostname;
  const url = `http://${host}:${addr.port}`;
  log.info("Dialtone is listening", {
    url,
    storage: store.dialect === "sqlite" ? `sqlite ${config.dataDir}/dialtone.db` : "postgres",
  });

  let stopping: Promise<void> | null = null;
  return {
    url,
    port: addr.port,
    config: full,
    store,
    shutdown: () =>
      stopping ??= (async () => {
        await server.shutdown();
        await store.close();
        log.info("Dialtone stopped");
      })(),
  };
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable URL)";
  }
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: { message?: string }[] };
  if (e?.code === "ECONNREFUSED") return "connection refused (is Postgres running?)";
  if (e?.code === "CONNECT_TIMEOUT") return "timed out while connecting";
  const inner = e?.errors?.[0]?.message;
  return e?.message || inner || String(error);
}
