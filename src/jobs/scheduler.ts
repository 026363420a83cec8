// The scheduler: fires scheduled config changes (src/service/schedules.ts). It keeps one timer,
// set to the next due item (not a polling tick); it re-arms when this process schedules or
// edits something, when the change feed's doorbell rings (any instance wrote), and on a slow
// safety timer that also covers schedules made on other instances. Each item is claimed in the
// transaction that applies it, so with several instances each fires exactly once; items that
// fell due while no instance ran fire at start, marked late.
import type { Logger } from "../log.ts";
import { fireNextDue, nextDueAt } from "../service/schedules.ts";
import { unavailableReason } from "../store/db.ts";
import { onSchedulesChanged } from "../store/repos/schedules.ts";
import type { Store } from "../store/store.ts";

export type SchedulerOptions = {
  /** The longest the timer waits without looking at the database. */
  safetyTimerMs?: number;
  /** Hears each item fired (tests, metrics). */
  onFired?: (f: { id: string; applied: boolean; late: boolean; firedAtMs: number }) => void;
};

export type Scheduler = {
  wake(): void;
  /** Resolves when no run is in progress or pending (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
};

/** setTimeout's largest delay. */
const MAX_TIMER_MS = 2_147_483_647;

export async function startScheduler(
  store: Store,
  log: Logger,
  o: SchedulerOptions = {},
): Promise<Scheduler> {
  const safetyMs = Math.min(o.safetyTimerMs ?? 60_000, MAX_TIMER_MS);
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function drain(): Promise<void> {
    while (!stopped) {
      // A read first: most wake-ups find nothing due, and a claim is a write transaction.
      const due = await nextDueAt(store);
      if (due === null || due > Date.now()) return;
      const fired = await fireNextDue(store);
      if (!fired) return;
      const { schedule: s, applied, late } = fired;
      o.onFired?.({ id: s.id, applied, late, firedAtMs: Date.now() });
      const fields = { scheduleId: s.id, config: s.configName, dueAt: s.dueAt, late };
      if (applied) log.info("Scheduled change applied", fields);
      else log.warn("Scheduled change failed", { ...fields, reason: s.failure });
    }
  }

  async function arm(): Promise<void> {
    clearTimeout(timer);
    if (stopped) return;
    let wait = safetyMs;
    try {
      const due = await nextDueAt(store);
      if (due !== null) wait = Math.min(safetyMs, Math.max(0, due - Date.now()));
    } catch { /* the primary is down: the safety timer tries again */ }
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(wake, wait);
  }

  function wake(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    again = false;
    running = drain().catch((error) => {
      const reason = unavailableReason(error);
      if (reason) log.debug("Scheduler paused: the primary is unavailable", { reason });
      else log.warn("Scheduler run failed", { error });
    }).finally(async () => {
      running = null;
      if (again) wake();
      else await arm();
    });
  }

  const unsubscribe = onSchedulesChanged(wake);
  const unlisten = await store.listen(() => wake());
  wake();

  return {
    wake,
    async idle() {
      while (running || again) await (running ?? Promise.resolve());
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
      await unlisten();
      await running;
    },
  };
}
