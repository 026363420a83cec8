// createApp() over a SQLite store in a temp directory, called through app.request(): no socket,
// no replica, no SDK API. For validation, roles and admin-route tests; it has the shape of
// server.ts's TestServer where both make sense, so a test switches by changing one call.
import { type Config, loadConfig } from "../../src/config/config.ts";
import { loadOrCreateSecretKey } from "../../src/config/secret_key.ts";
import { loadKeyRing } from "../../src/auth/envelope.ts";
import { createApp } from "../../src/http/app.ts";
import { silentLogger } from "../../src/log.ts";
import { openSqliteStore } from "../../src/store/sqlite/sqlite_store.ts";
import type { Store } from "../../src/store/store.ts";
import { Api, type Endpoint, SUPERUSER_KEY } from "./api.ts";

/** An origin nothing listens on: a request that misses app.request() fails loudly. */
const ORIGIN = "http://in-process.invalid";

/** What Deno.serve hands the handler: the peer address that client_ip.ts reads. */
const LOOPBACK: { remoteAddr: Deno.NetAddr } = {
  remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 40_000 },
};

export type TestApp = Endpoint & {
  dir: string;
  config: Config;
  store: Store;
  /** The superuser's admin client. */
  su: Api;
  /** Closes the store and removes the data directory. */
  stop(): Promise<void>;
};

/** The app with `env` over a fresh DATA_DIR, with SUPERUSER_KEY unless `env` sets another. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  if (env.DATABASE_URL) {
    throw new Error("startTestApp() is SQLite only: use startTestServer() for Postgres");
  }
  const dir = await Deno.makeTempDir({ prefix: "dialtone-app-" });
  try {
    const loaded = loadConfig({ DATA_DIR: dir, SUPERUSER_API_KEY: SUPERUSER_KEY, ...env });
    if (!loaded.ok) throw new Error(`Bad test settings: ${loaded.problems.join("; ")}`);
    const secretKey = loaded.config.secretKey ?? await loadOrCreateSecretKey(dir);
    const config: Config = { ...loaded.config, secretKey };
    const store = await openSqliteStore(`${dir}/dialtone.db`, await loadKeyRing(config));
    const app = createApp({ config, store, log: silentLogger });
    const endpoint: Endpoint = {
      url: ORIGIN,
      fetch: (input, init) => Promise.resolve(app.request(input, init, LOOPBACK)),
    };
    return {
      ...endpoint,
      dir,
      config,
      store,
      su: new Api(endpoint, { bearer: SUPERUSER_KEY }),
      stop: async () => {
        await store.close();
        await Deno.remove(dir, { recursive: true });
      },
    };
  } catch (error) {
    await Deno.remove(dir, { recursive: true });
    throw error;
  }
}
