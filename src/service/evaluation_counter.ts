// Evaluation counts per (environment, config, variant), kept in memory and added to the store
// every `flushMs`. The hot path only bumps an integer on a tally the compiled flag already
// holds (and marks it dirty once per interval); a flush sends one additive upsert per dirty
// tally in one transaction, so several instances on one database add up. A flush that fails
// (the primary is down) puts its counts back for the next one. A kill -9 loses at most what was
// counted since the last flush; a graceful stop flushes first.
import type { Logger } from "../log.ts";
import type { Store } from "../store/store.ts";
import type { EvaluationDelta } from "../store/repos/evaluations.ts";

export type Tally = {
  readonly projectId: string;
  readonly environmentId: string;
  readonly configName: string;
  readonly variant: string;
  count: number;
  dirty: boolean;
};

export const DEFAULT_FLUSH_MS = 5_000;
/** Buckets older than this are deleted (about once an hour). */
export const RETENTION_HOURS = 30 * 24;
const HOUR_MS = 3_600_000;

export class EvaluationCounter {
  readonly #tallies = new Map<string, Tally>();
  #dirty: Tally[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;
  #flushing: Promise<void> | null = null;
  #lastPrune = 0;
  /** Evaluations counted since start (for metrics). */
  total = 0;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly flushMs = DEFAULT_FLUSH_MS,
  ) {}

  /** The tally for one variant of one config; the same object every time it is asked for. */
  tally(projectId: string, environmentId: string, configName: string, variant: string): Tally {
    const key = `${environmentId}\0${configName}\0${variant}`;
    let t = this.#tallies.get(key);
    if (!t) {
      t = { projectId, environmentId, configName, variant, count: 0, dirty: false };
      this.#tallies.set(key, t);
    }
    return t;
  }

  /** Counts one evaluation. */
  record(t: Tally): void {
    t.count++;
    this.total++;
    if (!t.dirty) {
      t.dirty = true;
      this.#dirty.push(t);
    }
  }

  /** Evaluations counted here and not yet in the store. */
  get pending(): number {
    let n = 0;
    for (const t of this.#dirty) n += t.count;
    return n;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.flush(), this.flushMs);
  }

  /** Stops the timer and flushes what is left. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }

  /** Adds what was counted since the last flush to the store; one flush at a time. */
  flush(): Promise<void> {
    return this.#flushing ??= this.#flushNow().finally(() => {
      this.#flushing = null;
    });
  }

  async #flushNow(): Promise<void> {
    const now = Date.now();
    const taken = this.#dirty;
    this.#dirty = [];
    const hour = Math.floor(now / HOUR_MS);
    const at = new Date(now).toISOString();
    const rows: EvaluationDelta[] = [];
    for (const t of taken) {
      const { projectId, environmentId, configName, variant, count } = t;
      rows.push({
        projectId,
        environmentId,
        configName,
        variant,
        hour,
        count,
        lastEvaluatedAt: at,
      });
      t.count = 0;
      t.dirty = false;
    }
    const prune = now - this.#lastPrune >= HOUR_MS;
    if (rows.length === 0 && !prune) return;
    try {
      await this.store.write(async (tx) => {
        if (rows.length > 0) await tx.evaluations.add(rows);
        if (prune) await tx.evaluations.prune(hour - RETENTION_HOURS);
      });
      if (prune) {
        this.#lastPrune = now;
        // Compiled flags may still hold a forgotten tally: it keeps counting and flushing as
        // before, and the next compile gets a new one; rows add up either way.
        for (const [key, t] of this.#tallies) if (!t.dirty) this.#tallies.delete(key);
      }
    } catch (error) {
      this.log.warn("Cannot store evaluation counts; keeping them for the next flush", {
        error,
        evaluations: rows.reduce((n, r) => n + r.count, 0),
      });
      taken.forEach((t, i) => {
        t.count += rows[i]!.count;
        if (!t.dirty) {
          t.dirty = true;
          this.#dirty.push(t);
        }
      });
    }
  }
}
