// The hub: SDK stream subscriptions by environment, fed by the replicator. Each change becomes
// one frame per environment, and the same bytes go to every subscriber of that environment,
// through the environment's feed (feed.ts: the newest frames per config, an integer cursor per
// connection) in slices (fanout.ts); nothing waits for a client. One timer serves heartbeats
// and drops clients that stay behind for too long. It also keeps, per environment, the current
// wire JSON of every config, so init frames and snapshots are built without the database.
// An environment has at most two states: what every SDK key sees, and (once a key that may
// read sensitive configs connects) that plus the sensitive configs; each renders its own
// frames once, so subscribers still share bytes and nothing is rendered per connection.
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
export type EnvironmentSource = (
  environmentId: string,
  sensitive: boolean,
) => LoadedEnvironment | null;

const stateKey = (environmentId: string, sensitive: boolean) =>
  sensitive ? `${environmentId} sensitive` : environmentId;

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
    /** With the sensitive configs, for keys that may read them. */
    readonly sensitive = false,
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

  /**
   * The environment's current state, loaded from the replica on first use; null if unknown.
   * `sensitive`: the state with sensitive configs, for keys that may read them.
   */
  environment(id: string, sensitive = false): EnvironmentState | null {
    const key = stateKey(id, sensitive);
    let state = this.#environments.get(key);
    if (!state) {
      const loaded = this.source(id, sensitive);
      if (!loaded) return null;
      state = new EnvironmentState(
        id,
        loaded.projectId,
        loaded.revision,
        loaded.configs,
        sensitive,
      );
      this.#environments.set(key, state);
    }
    return state;
  }

  /** The loaded states of an environment (one or two). */
  #states(environmentId: string): EnvironmentState[] {
    return [false, true].flatMap((s) => this.#environments.get(stateKey(environmentId, s)) ?? []);
  }

  /**
   * Opens a stream for `info` that starts with `first`. Call it in the same synchronous block
   * that read the state `first` was built from, so no change falls in between.
   */
  connect(info: ConnectionInfo, first: Frame[]): Connection | null {
    const state = this.#closed ? null : this.environment(info.environmentId, info.sensitive);
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
    const frame = (e: ReplicaEvent) =>
      e.kind === "config" || e.kind === "config_delete"
        ? { stream: e.environmentId, revision: e.revision }
        : null;
    const ids = frameIds(events.map(frame));
    // What the plain state sends: a sensitive config only as the delete of a name it showed.
    const plainIds = frameIds(events.map((e) => {
      if (e.kind === "config" && !e.sensitive) return frame(e);
      if (e.kind !== "config" && e.kind !== "config_delete") return null;
      return this.#environments.get(e.environmentId)?.configs.has(e.name) ? frame(e) : null;
    }));
    for (const [i, e] of events.entries()) {
      switch (e.kind) {
        case "config": {
          const withSensitive = this.#environments.get(stateKey(e.environmentId, true));
          if (withSensitive) this.#set(withSensitive, e.name, e.json, e.revision, ids[i]!);
          const plain = this.#environments.get(e.environmentId);
          if (!plain) break; // not loaded: it will be read from the replica when needed
          if (!e.sensitive) this.#set(plain, e.name, e.json, e.revision, plainIds[i]!);
          else if (plain.configs.has(e.name)) {
            this.#delete(plain, e.name, e.revision, plainIds[i]!);
          }
          break;
        }
        case "config_delete": {
          const withSensitive = this.#environments.get(stateKey(e.environmentId, true));
          if (withSensitive) this.#delete(withSensitive, e.name, e.revision, ids[i]!);
          const plain = this.#environments.get(e.environmentId);
          if (plain?.configs.has(e.name)) this.#delete(plain, e.name, e.revision, plainIds[i]!);
          break;
        }
        case "key_revoked":
          for (const state of this.#states(e.environmentId)) {
            for (const c of state.subscribers) if (c.info.keyId === e.keyId) c.end("revoked");
          }
          break;
        case "environment_revoked":
          for (const state of this.#states(e.environmentId)) this.#drop(state);
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

  #set(state: EnvironmentState, name: string, json: string, revision: number, id: number | null) {
    state.configs.set(name, json);
    state.changed(revision);
    if (state.subscribers.size > 0) {
      this.#broadcast(state, name, changeFrame(id, json), revision);
    }
  }

  #delete(state: EnvironmentState, name: string, revision: number, id: number | null) {
    state.configs.delete(name);
    state.changed(revision);
    if (state.subscribers.size > 0) this.#broadcast(state, name, deleteFrame(id, name), revision);
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
    this.#environments.delete(stateKey(state.id, state.sensitive));
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
