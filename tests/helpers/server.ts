// A real Dialtone listening on a port-0 socket, in-process: for tests that need SSE, the SDK API,
// the replica or Postgres. Admin-only tests use the socket-free app in app.ts instead.
import { loadConfig } from "../../src/config/config.ts";
import { silentLogger } from "../../src/log.ts";
import { type RunningServer, type ServerOptions, startServer } from "../../src/server.ts";
import { Api, type Endpoint, socket, SUPERUSER_KEY } from "./api.ts";

export type TestServer = RunningServer & Endpoint & {
  dir: string;
  /** The superuser's admin client. */
  su: Api;
  /** Stops the server and removes its data directory (unless the caller passed `dir`). */
  stop(): Promise<void>;
};

export type TestServerOptions = { server?: ServerOptions; dir?: string };

/**
 * Starts Dialtone with `env` over a fresh DATA_DIR (or `dir`, for a restart), in testing mode and
 * with SUPERUSER_KEY; `env` can override both.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: TestServerOptions = {},
): Promise<TestServer> {
  const dataDir = options.dir ?? await Deno.makeTempDir({ prefix: "dialtone-test-" });
  const removeDir = () =>
    options.dir ? Promise.resolve() : Deno.remove(dataDir, { recursive: true });
  const loaded = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    TESTING_MODE: "true",
    SUPERUSER_API_KEY: SUPERUSER_KEY,
    ...env,
  });
  if (!loaded.ok) {
    await removeDir();
    throw new Error(`Bad test settings: ${loaded.problems.join("; ")}`);
  }
  const server = await startServer(loaded.config, silentLogger, options.server).catch(
    async (error) => {
      await removeDir();
      throw error;
    },
  );
  const endpoint = socket(server.url);
  return {
    ...server,
    ...endpoint,
    dir: dataDir,
    su: new Api(endpoint, { bearer: SUPERUSER_KEY }),
    stop: async () => {
      await server.shutdown();
      await removeDir();
    },
  };
}
