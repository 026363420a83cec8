// The instance's one LISTEN connection. It is a client of its own (one connection, never idle-
// closed), so it can be health-checked: postgres.js's built-in listen() hides its connection,
// and a half-open socket there would wait for NOTIFYs forever. A `SELECT 1` on it runs every
// health-check interval; a failed or late answer, or a closed socket, replaces the connection.
// Each successful LISTEN, the first and every re-LISTEN, rings `onListen`: notifications sent
// while nobody listened are lost, so the replicator catches up from its cursor then.
import type postgres from "postgres";
import { DeadlineExceeded, withDeadline } from "../../deadline.ts";
import type { Logger } from "../../log.ts";
import { unavailableReason } from "../db.ts";

export type ListenerHooks = {
  onnotify: (channel: string, payload: string) => void;
  onclose: () => void;
};

export type ListenerDeps = {
  /** A new one-connection client with these hooks. */
  open: (hooks: ListenerHooks) => postgres.Sql;
  channel: string;
  onNotify: (payload: string) => void;
  /** After every successful LISTEN. */
  onListen: () => void;
  /** The health check went unanswered: the network path to Postgres is presumably dead. */
  onStale: () => void;
  healthCheckMs: number;
  log: Logger;
};

export type Listener = {
  /** True while LISTEN is in effect on a connection that last answered its health check. */
  readonly listening: boolean;
  stop(): Promise<void>;
};

const MAX_BACKOFF_MS = 5_000;

/** Starts listening; resolves after the first attempt, which may have failed (it retries). */
export async function startListener(deps: ListenerDeps): Promise<Listener> {
  const { channel, log } = deps;
  let client: postgres.Sql | null = null;
  let generation = 0;
  let listening = false;
  let stopped = false;
  let failures = 0;
  let checking = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const drop = () => {
    generation++;
    listening = false;
    const old = client;
    client = null;
    old?.end({ timeout: 0 }).catch(() => {});
  };

  /** The connection of `gen` is gone or useless: replace it after a backoff. */
  const lost = (gen: number, error: unknown) => {
    if (stopped || gen !== generation) return;
    const wasListening = listening;
    drop();
    failures++;
    const reason = unavailableReason(error) ?? (error as Error)?.message ?? String(error);
    if (failures === 1) {
      const msg = wasListening
        ? "Lost the Postgres LISTEN connection; reconnecting"
        : "Cannot LISTEN on Postgres; retrying";
      log.warn(msg, { reason });
    } else log.debug("LISTEN attempt failed", { reason, failures });
    const base = Math.min(100 * 2 ** (failures - 1), MAX_BACKOFF_MS);
    retry = setTimeout(connect, base * (0.75 + Math.random() / 2));
  };

  const connect = async () => {
    if (stopped) return;
    const gen = ++generation;
    try {
      const sql = deps.open({
        onnotify: (ch, payload) => {
          if (gen === generation && ch === channel) deps.onNotify(payload);
        },
        onclose: () => lost(gen, new Error("the connection closed")),
      });
      client = sql;
      await withDeadline(sql.unsafe(`LISTEN "${channel}"`), deps.healthCheckMs + 5_000);
    } catch (error) {
      lost(gen, error);
      return;
    }
    if (gen !== generation || stopped) return;
    if (failures > 0) log.info("Listening on Postgres again", { after: failures });
    failures = 0;
    listening = true;
    deps.onListen();
  };

  const check = async () => {
    if (!listening || checking || client === null) return;
    const gen = generation;
    checking = true;
    try {
      await withDeadline(client`SELECT 1`, deps.healthCheckMs);
    } catch (error) {
      if (gen === generation && error instanceof DeadlineExceeded) deps.onStale();
      lost(gen, error);
    } finally {
      checking = false;
    }
  };

  const health = setInterval(check, deps.healthCheckMs);
  await connect();

  return {
    get listening() {
      return listening;
    },
    async stop() {
      stopped = true;
      clearInterval(health);
      clearTimeout(retry);
      const last = client;
      drop();
      await last?.end({ timeout: 1 }).catch(() => {});
    },
  };
}
