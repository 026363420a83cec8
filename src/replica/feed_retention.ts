// Change-feed retention: deletes changes older than CHANGE_RETENTION_HOURS, on a slow timer.
// It is safe because a replica whose cursor falls below the oldest kept change does a full
// resync (replicator.ts). Every instance runs the timer; pruning is an ordinary write
// transaction, so instances take turns, and it is idempotent.
import type { Logger } from "../log.ts";
import { unavailableReason } from "../store/db.ts";
import type { Store } from "../store/store.ts";

export type RetentionOptions = {
  retentionHours: number;
  /** Between two prunes; one hour by default. */
  intervalMs?: number;
  /** Before the first prune, so instances started together spread out. */
  firstDelayMs?: number;
  now?: () => number;
};

export type FeedPruner = {
  /** Prunes now; resolves to the number of changes deleted. */
  prune(): Promise<number>;
  stop(): Promise<void>;
};

export function startFeedPruner(store: Store, log: Logger, o: RetentionOptions): FeedPruner {
  const now = o.now ?? Date.now;
  let running: Promise<unknown> | null = null;
  let stopped = false;

  const prune = () =>
    store.write(async (tx) => {
      const before = new Date(now() - o.retentionHours * 3_600_000).toISOString();
      return await tx.feed.prune(before);
    });

  const tick = async () => {
    if (stopped || running) return;
    running = prune().then(
      (deleted) => {
        if (deleted > 0) log.info("Pruned the change feed", { deleted, hours: o.retentionHours });
      },
      (error) => {
        const reason = unavailableReason(error);
        if (reason) log.debug("Skipped pruning the change feed", { reason });
        else log.warn("Pruning the change feed failed", { error });
      },
    ).finally(() => running = null);
    await running;
  };

  const intervalMs = o.intervalMs ?? 3_600_000;
  let interval: ReturnType<typeof setInterval> | undefined;
  const first = setTimeout(() => {
    tick();
    interval = setInterval(tick, intervalMs);
  }, o.firstDelayMs ?? 30_000 + Math.random() * 30_000);

  return {
    prune,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(interval);
      await running;
    },
  };
}
