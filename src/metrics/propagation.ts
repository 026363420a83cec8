// Propagation lag: from the commit of a revision (its change-feed row's time, written by the
// instance that committed it) to the moment this instance's hub had handed it to every SDK
// stream of an environment; and how long each fan-out pass took. The replicator reports the
// commit times of what it applies (onCommit), the hub reports finished passes (HubObserver).
// Commit times sit in a fixed ring indexed by revision: nothing is allocated per change.
import * as client from "./prom.ts";
import type { HubObserver } from "../realtime/hub.ts";
import type { Change } from "../store/changes.ts";

const RING = 4096;

export class Propagation implements HubObserver {
  readonly #revisions = new Float64Array(RING);
  readonly #committedMs = new Float64Array(RING);
  readonly #lag: client.Histogram;
  readonly #pass: client.Histogram;
  /** Optional listener for the drift view's per-revision summaries. */
  onDelivered: ((environmentId: string, revision: number, lagMs: number) => void) | null = null;

  constructor(registry: client.Registry) {
    this.#lag = new client.Histogram({
      name: "dialtone_propagation_lag_seconds",
      help: "From the commit of a revision to the end of the fan-out that handed it to every " +
        "SDK stream of an environment on this instance (only environments with streams)",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
    this.#pass = new client.Histogram({
      name: "dialtone_fanout_pass_duration_seconds",
      help: "From queueing the first frame of a fan-out pass to handing the last one to a stream",
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    });
  }

  /** The replicator applied `changes`; remember when each was committed. */
  committed = (changes: Change[]): void => {
    for (const c of changes) {
      const slot = c.revision % RING;
      this.#revisions[slot] = c.revision;
      this.#committedMs[slot] = Date.parse(c.createdAt);
    }
  };

  /** When `revision` was committed (ms since the epoch), if it is still remembered. */
  committedAt(revision: number): number | null {
    const slot = revision % RING;
    return this.#revisions[slot] === revision ? this.#committedMs[slot]! : null;
  }

  delivered(environmentId: string, revisions: number[], startedMs: number): void {
    this.#pass.observe((performance.now() - startedMs) / 1000);
    const now = Date.now();
    for (const revision of revisions) {
      const at = this.committedAt(revision);
      if (at === null) continue; // from a resync, or too old to be remembered
      const lagMs = Math.max(0, now - at);
      this.#lag.observe(lagMs / 1000);
      this.onDelivered?.(environmentId, revision, lagMs);
    }
  }
}
