// Follows a source into the replica: the primary's change feed, or in relay mode an upstream
// instance's replication feed (replica_source.ts). Each batch and the new cursor commit in
// one SQLite transaction, and the hub hears about it synchronously right after, so a reader of
// the replica and a subscriber of the hub always agree. Wake-ups: the store's doorbell (a nudge,
// coalesced to one running catch-up plus one pending), start, a slow safety timer, and retries
// with backoff while the source is unreachable. Every read of the primary has a deadline: a
// pooled connection on a half-open socket would otherwise stall replication until TCP gives up.
import type { Logger } from "../log.ts";
import type { Change } from "../store/changes.ts";
import { unavailableReason } from "../store/db.ts";
import type { Store } from "../store/store.ts";
import { applyChange } from "./apply.ts";
import type { ReplicaEvent } from "./events.ts";
import type { Replica } from "./replica.ts";
import { type ReplicaSource, type SourceSnapshot, storeSource } from "./replica_source.ts";
import { applySnapshot } from "./resync.ts";

/** Replica state beyond what apply.ts writes (the relay tables), in the same transactions. */
export type ReplicaExtension = {
  apply(changes: Change[]): void;
  reset(snapshot: SourceSnapshot): void;
  /** After a batch or a resync committed. */
  committed(): void;
};

export type ReplicatorDeps = {
  /** Where changes come from: `source`, or else the primary `store`'s change feed. */
  store?: Store;
  source?: ReplicaSource;
  extension?: ReplicaExtension;
  replica: Replica;
  /** Called right after each commit with what changed, in revision order. */
  publish: (events: ReplicaEvent[]) => void;
  log: Logger;
  /** Hears each applied batch just before publish (metrics: the commit times of revisions). */
  onCommit?: (changes: Change[]) => void;
  /** Runs each batch's commit (tracing wraps it in a span); by default it just runs. */
  traceCommit?: (changes: Change[], commit: () => void) => void;
};

/** Counts since start, for metrics. */
export type ReplicatorStats = {
  changesApplied: number;
  batches: number;
  resyncs: number;
  failures: number;
};

export type ReplicatorOptions = {
  batchSize?: number;
  safetyIntervalMs?: number;
  /** The first retry after a failure; it doubles per failure up to maxRetryDelayMs. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** A read of the primary that takes longer fails (and is retried). */
  readTimeoutMs?: number;
};

export type Replicator = {
  /** Listens to the doorbell and runs the first catch-up. */
  start(): Promise<void>;
  /** Stops, after the catch-up in progress (if any) commits. */
  stop(): Promise<void>;
  /** The last revision applied; -1 before the first sync. */
  readonly cursor: number;
  /** True from a failed catch-up until the next one succeeds. */
  readonly failing: boolean;
  /** Resolves once the replica has applied `revision`. */
  waitFor(revision: number, timeoutMs?: number): Promise<void>;
  /** Asks for a catch-up soon. */
  wake(): void;
  readonly stats: ReplicatorStats;
};

type Waiter = { revision: number; resolve: () => void; reject: (e: Error) => void };

export function createReplicator(
  deps: ReplicatorDeps,
  options: ReplicatorOptions = {},
): Replicator {
  const { replica, log } = deps;
  const batchSize = options.batchSize ?? 500;
  const readTimeoutMs = options.readTimeoutMs ?? 30_000;
  const source = deps.source ?? storeSource(deps.store!, readTimeoutMs);
  let cursor = replica.cursor();
  let stopped = false;
  let pending = false;
  let running: Promise<void> | null = null;
  let waiters: Waiter[] = [];
  let unlisten: (() => Promise<void>) | null = null;
  let safety: ReturnType<typeof setInterval> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  const stats: ReplicatorStats = {
    changesApplied: 0,
    batches: 0,
    resyncs: 0,
    failures: 0,
  };

  const publish = (events: ReplicaEvent[]) => {
    if (events.length === 0) return;
    try {
      deps.publish(events);
    } catch (error) {
      log.error("Publishing replica changes failed", { error });
    }
  };

  const advanced = () => {
    const ready = waiters.filter((w) => w.revision <= cursor);
    if (ready.length === 0) return;
    waiters = waiters.filter((w) => w.revision > cursor);
    for (const w of ready) w.resolve();
  };

  const commit = (changes: Change[]) =>
    deps.traceCommit ? deps.traceCommit(changes, () => commitNow(changes)) : commitNow(changes);

  const commitNow = (changes: Change[]) => {
    const events: ReplicaEvent[] = [];
    const last = changes[changes.length - 1]!.revision;
    replica.db.transaction(() => {
      for (const change of changes) applyChange(replica, change, events);
      deps.extension?.apply(changes);
      replica.setCursor(last);
    });
    cursor = last;
    stats.batches++;
    stats.changesApplied += changes.length;
    deps.onCommit?.(changes);
    publish(events);
    deps.extension?.committed();
  };

  const resync = async (reason: string) => {
    const snap = await source.snapshot();
    if (stopped) return;
    log.info("Replica resync from a full snapshot", { reason, revision: snap.revision });
    const events: ReplicaEvent[] = [];
    const before = cursor;
    replica.db.transaction(() => {
      applySnapshot(replica, snap, events);
      // Resume is exact only for what this replica saw; a rewound primary starts a new history.
      if (before < 0 || snap.revision < before) replica.setResumeFloor(snap.revision);
      replica.setDatabaseId(snap.databaseId);
      deps.extension?.reset(snap);
    });
    cursor = snap.revision;
    stats.resyncs++;
    publish(events);
    deps.extension?.committed();
  };

  const catchUp = async () => {
    while (!stopped) {
      if (cursor < 0) {
        await resync("empty replica");
        continue;
      }
      const from = cursor;
      const changes = await source.after(from, batchSize, replica.databaseId());
      if (stopped) return;
      if (!Array.isArray(changes)) {
        await resync(changes.resync);
        continue;
      }
      if (changes.length === 0) return;
      commit(changes);
      advanced();
      if (changes.length < batchSize) return;
    }
  };

  const drain = async () => {
    await null; // so `running` is assigned before this can finish
    try {
      while (pending && !stopped) {
        pending = false;
        try {
          await catchUp();
          advanced();
        } catch (error) {
          failures++;
          stats.failures++;
          const reason = unavailableReason(error);
          // Once per outage: the safety timer and retries would repeat it every few seconds.
          if (failures === 1) {
            log.warn(
              "Replication failed; retrying",
              reason ? { reason, cursor } : { error, cursor },
            );
          } else log.debug("Replication failed again", { failures, reason });
          const first = options.retryDelayMs ?? 1000;
          const delay = Math.min(first * 2 ** (failures - 1), options.maxRetryDelayMs ?? 10_000);
          clearTimeout(retry);
          retry = setTimeout(wake, delay);
          return;
        }
        if (failures > 0) log.info("Replication resumed", { cursor, after: failures });
        failures = 0;
      }
    } finally {
      running = null;
    }
  };

  function wake() {
    if (stopped) return;
    pending = true;
    running ??= drain();
  }

  return {
    get cursor() {
      return cursor;
    },

    get failing() {
      return failures > 0;
    },

    async start() {
      unlisten = await source.listen(() => wake());
      wake();
      await running;
      safety = setInterval(wake, options.safetyIntervalMs ?? 30_000);
    },

    async stop() {
      stopped = true;
      clearInterval(safety);
      clearTimeout(retry);
      await unlisten?.();
      await running;
      for (const w of waiters) w.reject(new Error("Cannot wait for the replica: it stopped"));
      waiters = [];
    },

    waitFor(revision, timeoutMs = 10_000) {
      if (cursor >= revision) return Promise.resolve();
      if (stopped) return Promise.reject(new Error("Cannot wait for the replica: it stopped"));
      const { promise, resolve, reject } = Promise.withResolvers<void>();
      const timer = setTimeout(() => {
        waiters = waiters.filter((w) => w !== waiter);
        reject(new Error(`The replica did not reach revision ${revision} in ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        revision,
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      waiters.push(waiter);
      wake();
      return promise;
    },

    wake,
    stats,
  };
}
