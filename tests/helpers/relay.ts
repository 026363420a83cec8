// A real relay (UPSTREAM_URL + UPSTREAM_KEY) on a port-0 socket, in-process, and relay keys made
// over the admin API.
import { loadConfig } from "../../src/config/config.ts";
import { type Logger, silentLogger } from "../../src/log.ts";
import { type RelayOptions, type RunningRelay, startRelay } from "../../src/relay/relay_server.ts";
import type { Api } from "./api.ts";

export type TestRelay = RunningRelay & {
  dir: string;
  /** Stops the relay and removes its data directory (unless the caller passed `dir`). */
  stop(): Promise<void>;
};

/** Fast reconnects and heartbeats, so outage tests take seconds. */
export const QUICK: RelayOptions = {
  upstream: { heartbeatMs: 1_000, retryDelayMs: 100, maxRetryDelayMs: 500 },
  feedHeartbeatMs: 1_000,
  replicator: { retryDelayMs: 100, maxRetryDelayMs: 500 },
};

export async function startTestRelay(
  upstreamUrl: string,
  key: string,
  options: { dir?: string; env?: Record<string, string>; relay?: RelayOptions; log?: Logger } = {},
): Promise<TestRelay> {
  const dir = options.dir ?? await Deno.makeTempDir({ prefix: "dialtone-relay-" });
  const removeDir = () => options.dir ? Promise.resolve() : Deno.remove(dir, { recursive: true });
  const loaded = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dir,
    TESTING_MODE: "true",
    UPSTREAM_URL: upstreamUrl,
    UPSTREAM_KEY: key,
    ...options.env,
  });
  if (!loaded.ok) {
    await removeDir();
    throw new Error(`Bad relay settings: ${loaded.problems.join("; ")}`);
  }
  const relay = await startRelay(
    loaded.config,
    options.log ?? silentLogger,
    options.relay ?? QUICK,
  ).catch(
    async (error) => {
      await removeDir();
      throw error;
    },
  );
  return {
    ...relay,
    dir,
    stop: async () => {
      await relay.shutdown();
      await removeDir();
    },
  };
}

/** A relay key of the workspace (scope: whole workspace unless projectIds/environmentIds). */
export async function createRelayKey(
  su: Api,
  workspaceId: string,
  scope: { projectIds?: string[]; environmentIds?: string[] } = {},
): Promise<{ id: string; key: string }> {
  const res = await su.send("POST", `/workspaces/${workspaceId}/relay-keys`, {
    name: "relay",
    ...scope,
  });
  if (res.status !== 201) throw new Error(`create relay key: ${res.status} ${res.text}`);
  return { id: String(res.body.id), key: String(res.body.key) };
}
