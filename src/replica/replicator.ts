// Follows the primary's change feed into the replica. Each batch and the new cursor commit in
// one SQLite transaction, and the hub hears about it synchronously right after, so a reader of
// the replica and a subscriber of the hub always agree. Wake-ups: the store's doorbell (a nudge,
// coalesced to one running catch-up plus one pending), start, a slow safety timer, and retries.
import type { Logger } from "../log.ts";
import type { Change } from "../store/changes.ts";
import type { Store } from "../store/store.ts";
import { applyChange } from "./apply.ts";
import type { ReplicaEvent } from "./events.ts";
import type { Replica } from "./replica.ts";
import { applySnapshot } from "./resync.ts";

export type ReplicatorDeps = {
  store: Store;
  replica: Replica;
  /** Called right after each commit with what changed, in revision order. */
  publish: (events: ReplicaEvent[]) => void;
  log: Logger;
};

export type ReplicatorOptions = {
  batchSize?: number;
  safetyIntervalMs?: number;
  retryDelayMs?: number;
};

export type Replicator = {
  /** Listens to the doorbell and runs the first catch-up. */
  start(): Promise<void>;
  /** Stops, after the catch-up in progress (if any) commits. */
  stop(): Promise<void>;
  /** The last revision applied; -1 before the first sync. */
  readonly cursor: number;
  /** Resolves once the replica has applied `revision`. */
  waitFor(revision: number, timeoutMs?: number): Promise<void>;
  /** Asks for a catch-up soon. */
  wake(): void;
};

type Waiter = { revision: number; resolve: () => void; reject: (e: Error) => void };

export function createReplicator(
  deps: ReplicatorDeps,
  options: ReplicatorOptions = {},
): Replicator {
  const { store, replica, log } = deps;
  const batchSize = options.batchSize ?? 500;
  let cursor = replica.cursor();
  let stopped = false;
  let pending = false;
  let running: Promise<void> | null = null;
  let waiters: Waiter[] = [];
  let unlisten: (() => Promise<void>) | null = null;
  let safety: ReturnType<typeof setInterval> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;

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

  const commit = (changes: Change[]) => {
    const events: ReplicaEvent[] = [];
    const last = changes[changes.length - 1]!.revision;
    replica.db.transaction(() => {
      for (const change of changes) applyChange(replica, change, events);
      replica.setCursor(last);
    });
    cursor = last;
    publish(events);
  };

  const resync = async (reason: string) => {
    const snap = await store.read((tx) => tx.feed.snapshot());
    if (stopped) return;
    log.info("Replica resync from a full snapshot", { reason, revision: snap.revision });
    const events: ReplicaEvent[] = [];
    const before = cursor;
    replica.db.transaction(() => {
      applySnapshot(replica, snap, events);
      // Resume is exact only for what this replica saw; a rewound primary starts a new history.
      if (before < 0 || snap.revision < before) replica.setResumeFloor(snap.revision);
    });
    cursor = snap.revision;
    publish(events);
  };

  const catchUp = async () => {
    while (!stopped) {
      if (cursor < 0) {
        await resync("empty replica");
        continue;
      }
      const from = cursor;
      const changes = await store.read((tx) => tx.feed.after(from, batchSize));
      if (stopped) return;
      if (changes.length === 0) {
        const head = await store.read((tx) => tx.feed.head());
        if (head < from && !stopped) await resync(`primary head ${head} is behind ${from}`);
        return;
      }
      if (changes[0]!.revision > from + 1) {
        const oldest = await store.read((tx) => tx.feed.oldest());
        if (oldest > from + 1) {
          await resync(`changes after ${from} were pruned`);
          continue;
        }
      }
      if (stopped) return;
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
          log.warn("Replication failed; retrying", { error, cursor });
          clearTimeout(retry);
          retry = setTimeout(wake, options.retryDelayMs ?? 1000);
          return;
        }
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

    async start() {
      unlisten = await store.listen(() => wake());
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
  };
}
