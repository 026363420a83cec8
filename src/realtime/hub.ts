// The hub: SDK stream subscriptions by environment, fed by the replicator. Each change becomes
// one frame per environment, and the same bytes go to every subscriber of that environment,
// through the environment's feed (feed.ts: the newest frames per config, an integer cursor per
// connection) in slices (fanout.ts); nothing waits for a client. One timer serves heartbeats
// and drops clients that stay behind for too long. It also keeps, per environment, the current
// wire JSON of every config, so init frames and snapshots are built without the database.
import type { Logger } from "../log.ts";
import type { ReplicaEvent } from "../replica/events.ts";
import type { LoadedEnvironment } from "../replica/replica.ts";
import { Connection, type ConnectionInfo, type EndReason } from "./connection.ts";
import { Fanout } from "./fanout.ts";
import { Feed } from "./feed.ts";
import { changeFrame, deleteFrame, type Frame, frameIds, initFrame } from "./frames.ts";

export type HubOptions = {
  /** Heartbeat period; SDKs reconnect after 30 s of silence. */
  heartbeatMs?: number;
  /** How often the timer looks at clients that fell behind. */
  tickMs?: number;
  /** A client behind for this long is disconnected (it reconnects and gets a fresh init). */
  stallTimeoutMs?: number;
  highWaterMark?: number;
  maxPendingBytes?: number;
  /** About how many frames the fan-out sends per event-loop turn (see fanout.ts). */
  sliceSize?: number;
  /** Hears when changes reached every subscriber (metrics); nothing is tracked without it. */
  observer?: HubObserver;
  /** Writes a line when a stream opens and when it closes (ACCESS_LOG), if given. */
  accessLog?: ((msg: string, fields: Record<string, unknown>) => void) | null;
};

export type HubObserver = {
  /**
   * A fan-out pass of one environment ended: every subscriber has been handed `revisions`
   * (ascending). `startedMs` is when the first of them was queued (performance.now()).
   */
  delivered(environmentId: string, revisions: number[], startedMs: number): void;
};

/** Counts since start, read by metrics; frames and bytes of streams that already ended. */
export type HubTotals = {
  connects: number;
  disconnects: Record<EndReason, number>;
  endedFrames: number;
  endedBytes: number;
};

/** Where the hub loads an environment it has not seen yet (the replica). */
export type EnvironmentSource = (environmentId: string) => LoadedEnvironment | null;

/** An environment as SDKs currently see it. */
export class EnvironmentState {
  readonly subscribers = new Set<Connection>();
  /** Frames on their way to the subscribers. */
  readonly feed = new Feed(this.subscribers);
  #init: Frame | null = null;
  #snapshot: Frame | null = null;

  constructor(
    readonly id: string,
    readonly projectId: string,
    public revision: number,
    readonly configs: Map<string, string>,
  ) {}

  /** `init` with the server's configs only; cached until the next change. */
  initFrame(): Frame {
    return this.#init ??= initFrame(this.revision, this.configs.values());
  }

  /** The body of GET /api/sdk/v1/configs; cached until the next change. */
  snapshotBody(): Frame {
    return this.#snapshot ??= new TextEncoder().encode(
      `{"configs":[${[...this.configs.values()].join(",")}]}`,
    );
  }

  changed(revision: number): void {
    this.revision = Math.max(this.revision, revision);
    this.#init = null;
    this.#snapshot = null;
  }
}

export type HubStats = {
  connections: number;
  environments: number;
  /** Clients currently behind (frames coalescing). */
  stalled: number;
  /** Bytes queued for all clients, and for the worst one. */
  queuedBytes: number;
  maxQueuedBytes: number;
  /** Clients dropped for falling behind, since start. */
  droppedSlow: number;
  /** Connections not yet sent the newest frame of their environment. */
  fanoutBacklog: number;
};

export class Hub {
  readonly #environments = new Map<string, EnvironmentState>();
  readonly #stalled = new Set<Connection>();
  #connections = 0;
  #droppedSlow = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastPing = 0;
  #closed = false;
  readonly #options: Required<Omit<HubOptions, "observer" | "accessLog">>;
  readonly #fanout: Fanout;
  readonly #observer: HubObserver | null;
  readonly #access: HubOptions["accessLog"];
  /** Revisions on their way to an environment's subscribers (only with an observer). */
  readonly #inFlight = new Map<Feed, { environmentId: string; revisions: number[]; at: number }>();
  readonly totals: HubTotals = {
    connects: 0,
    disconnects: { client: 0, slow: 0, revoked: 0, shutdown: 0, server: 0 },
    endedFrames: 0,
    endedBytes: 0,
  };

  constructor(
    private readonly source: EnvironmentSource,
    private readonly log: Logger,
    options: HubOptions = {},
  ) {
    this.#options = {
      heartbeatMs: options.heartbeatMs ?? 15_000,
      tickMs: options.tickMs ?? 1_000,
      stallTimeoutMs: options.stallTimeoutMs ?? 30_000,
      highWaterMark: options.highWaterMark ?? 64 * 1024,
      maxPendingBytes: options.maxPendingBytes ?? 8 * 1024 * 1024,
      sliceSize: options.sliceSize ?? 500,
    };
    this.#observer = options.observer ?? null;
    this.#access = options.accessLog ?? null;
    this.#fanout = new Fanout(this.#options.sliceSize, (feed) => this.#passDone(feed));
  }

  /** The environments loaded so far, with their subscribers. */
  environments(): IterableIterator<EnvironmentState> {
    return this.#environments.values();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The environment's current state, loaded from the replica on first use; null if unknown. */
  environment(id: string): EnvironmentState | null {
    let state = this.#environments.get(id);
    if (!state) {
      const loaded = this.source(id);
      if (!loaded) return null;
      state = new EnvironmentState(id, loaded.projectId, loaded.revision, loaded.configs);
      this.#environments.set(id, state);
    }
    return state;
  }

  /**
   * Opens a stream for `info` that starts with `first`. Call it in the same synchronous block
   * that read the state `first` was built from, so no change falls in between.
   */
  connect(info: ConnectionInfo, first: Frame[]): Connection | null {
    const state = this.#closed ? null : this.environment(info.environmentId);
    if (!state) return null;
    const connection = new Connection(info, first, this.#options, {
      onStall: (c) => this.#stalled.add(c),
      onEnd: (c, slow) => {
        if (slow) this.#droppedSlow++;
        this.totals.disconnects[c.endReason ?? "server"]++;
        this.totals.endedFrames += c.framesSent;
        this.totals.endedBytes += c.bytesSent;
        this.#access?.("SDK stream closed", {
          ...streamFields(c),
          reason: c.endReason,
          seconds: Math.round((Date.now() - c.connectedAt) / 100) / 10,
          frames: c.framesSent,
          bytes: c.bytesSent,
          revision: c.sentRevision,
        });
        this.#stalled.delete(c);
        if (state.subscribers.delete(c)) this.#connections--;
        if (this.#connections === 0) this.#stopTimer();
      },
    });
    connection.cursor = state.feed.head; // `first` already holds everything up to here
    connection.sentRevision = state.revision;
    state.subscribers.add(connection);
    this.#connections++;
    this.totals.connects++;
    this.#access?.("SDK stream opened", { ...streamFields(connection), revision: state.revision });
    this.#startTimer();
    return connection;
  }

  /** Applies what the replicator committed: updates caches, fans out frames, ends revoked streams. */
  publish(events: ReplicaEvent[]): void {
    const ids = frameIds(
      events.map((e) =>
        e.kind === "config" || e.kind === "config_delete"
          ? { stream: e.environmentId, revision: e.revision }
          : null
      ),
    );
    for (const [i, e] of events.entries()) {
      switch (e.kind) {
        case "config": {
          const state = this.#environments.get(e.environmentId);
          if (!state) break; // not loaded: it will be read from the replica when needed
          state.configs.set(e.name, e.json);
          state.changed(e.revision);
          if (state.subscribers.size > 0) {
            this.#broadcast(state, e.name, changeFrame(ids[i]!, e.json), e.revision);
          }
          break;
        }
        case "config_delete": {
          const state = this.#environments.get(e.environmentId);
          if (!state) break;
          state.configs.delete(e.name);
          state.changed(e.revision);
          if (state.subscribers.size > 0) {
            this.#broadcast(state, e.name, deleteFrame(ids[i]!, e.name), e.revision);
          }
          break;
        }
        case "key_revoked":
          for (const c of this.#environments.get(e.environmentId)?.subscribers ?? []) {
            if (c.info.keyId === e.keyId) c.end("revoked");
          }
          break;
        case "environment_revoked":
          this.#drop(this.#environments.get(e.environmentId));
          break;
        case "project_revoked":
          for (const state of [...this.#environments.values()]) {
            if (state.projectId === e.projectId) this.#drop(state);
          }
          break;
      }
    }
  }

  stats(): HubStats {
    let queuedBytes = 0;
    let maxQueuedBytes = 0;
    let fanoutBacklog = 0;
    for (const state of this.#environments.values()) {
      for (const c of state.subscribers) {
        if (c.cursor < state.feed.head) fanoutBacklog++;
        const bytes = c.queuedBytes;
        queuedBytes += bytes;
        if (bytes > maxQueuedBytes) maxQueuedBytes = bytes;
      }
    }
    return {
      connections: this.#connections,
      environments: this.#environments.size,
      stalled: this.#stalled.size,
      queuedBytes,
      maxQueuedBytes,
      droppedSlow: this.#droppedSlow,
      fanoutBacklog,
    };
  }

  /** Ends every stream and refuses new ones (graceful shutdown, before the server stops). */
  close(): void {
    this.#closed = true;
    for (const state of this.#environments.values()) {
      for (const c of [...state.subscribers]) c.end("shutdown");
    }
    this.#stopTimer();
    this.#fanout.close();
    this.#inFlight.clear();
  }

  #broadcast(state: EnvironmentState, name: string, frame: Frame, revision: number): void {
    state.feed.append(name, frame, revision);
    if (this.#observer) this.#track(state, revision);
    this.#fanout.kick(state.feed);
  }

  #track(state: EnvironmentState, revision: number): void {
    const pass = this.#inFlight.get(state.feed);
    if (!pass) {
      const at = performance.now();
      this.#inFlight.set(state.feed, { environmentId: state.id, revisions: [revision], at });
    } else if (pass.revisions[pass.revisions.length - 1] !== revision) {
      pass.revisions.push(revision);
    }
  }

  #passDone(feed: Feed): void {
    const pass = this.#inFlight.get(feed);
    if (!pass) return;
    this.#inFlight.delete(feed);
    this.#observer!.delivered(pass.environmentId, pass.revisions, pass.at);
  }

  #drop(state: EnvironmentState | undefined): void {
    if (!state) return;
    this.#environments.delete(state.id);
    this.#fanout.forget(state.feed);
    this.#inFlight.delete(state.feed);
    for (const c of [...state.subscribers]) c.end("revoked");
  }

  #startTimer(): void {
    if (this.#timer !== undefined) return;
    this.#lastPing = Date.now();
    this.#timer = setInterval(() => this.#tick(), this.#options.tickMs);
  }

  #stopTimer(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #tick(): void {
    const now = Date.now();
    for (const c of [...this.#stalled]) {
      if (c.stalledSince === 0) this.#stalled.delete(c);
      else if (now - c.stalledSince >= this.#options.stallTimeoutMs) {
        this.log.info("Dropping an SDK stream that stayed behind", {
          environmentId: c.info.environmentId,
          queuedBytes: c.queuedBytes,
        });
        c.abort(true);
      }
    }
    // Within one tick of the period, so the gap between pings never exceeds it.
    if (now - this.#lastPing < this.#options.heartbeatMs - this.#options.tickMs) return;
    this.#lastPing = now;
    for (const state of this.#environments.values()) {
      if (state.subscribers.size === 0) continue;
      state.feed.heartbeat();
      this.#fanout.kick(state.feed);
    }
  }
}

function streamFields(c: Connection): Record<string, unknown> {
  const { environmentId, keyId, client } = c.info;
  return { environmentId, keyId, userAgent: client?.userAgent, address: client?.address };
}
