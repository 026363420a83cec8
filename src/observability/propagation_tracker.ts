// How long each config version took to reach the SDK streams of each environment on this
// instance, for the propagation summary on history entries. The replicator reports the commit
// time and config version of each change it applies (committed); the hub reports the end of
// each fan-out pass (delivered). At the end of a pass, every stream that was handed the
// revision counts as delivered then; streams that are not reading are looked at again by
// check() until they get it or end. Nothing runs per frame: one loop over an environment's
// streams per revision and pass, and small records only while a client is behind.
import type { Connection } from "../realtime/connection.ts";
import type { HubObserver } from "../realtime/hub.ts";
import type { Change } from "../store/changes.ts";
import type { Samples } from "../store/repos/receipts.ts";

type Origin = { committedMs: number; configs: { id: string; version: number }[] };

export type Delivery = {
  environmentId: string;
  revision: number;
  committedMs: number;
  configs: { id: string; version: number }[];
  clients: number;
  samples: Samples;
};

type Pending = Delivery & { missing: Connection[] };

/** Commit times kept for revisions not fanned out yet; older ones are forgotten. */
const MAX_ORIGINS = 4096;
/** Deliveries waiting for clients that are behind; beyond this the oldest is closed as is. */
const MAX_PENDING = 1000;

export class PropagationTracker implements HubObserver {
  readonly #origins = new Map<number, Origin>();
  #pending: Pending[] = [];
  #done: Delivery[] = [];
  #streams: (environmentId: string) => Iterable<Connection> = () => [];

  /** Where the streams of an environment are (the hub, which is made after the tracker). */
  attach(streams: (environmentId: string) => Iterable<Connection>): void {
    this.#streams = streams;
  }

  /** The replicator applied `changes`: remember when each config version was committed. */
  committed = (changes: Change[]): void => {
    for (const c of changes) {
      const configs: Origin["configs"] = [];
      if (c.kind === "config" && c.config.version !== undefined) {
        configs.push({ id: c.config.id, version: c.config.version });
      } else if (c.kind === "configs") {
        for (const g of c.changes) {
          if (g.kind === "config" && g.config.version !== undefined) {
            configs.push({ id: g.config.id, version: g.config.version });
          }
        }
      }
      if (configs.length === 0) continue;
      this.#origins.set(c.revision, { committedMs: Date.parse(c.createdAt), configs });
      if (this.#origins.size > MAX_ORIGINS) {
        this.#origins.delete(this.#origins.keys().next().value!);
      }
    }
  };

  delivered(environmentId: string, revisions: number[], _startedMs: number): void {
    const now = Date.now();
    for (const revision of revisions) {
      const origin = this.#origins.get(revision);
      if (!origin) continue; // not a config version (a segment, a resync) or too old
      let delivered = 0;
      let missing: Connection[] | null = null;
      for (const c of this.#streams(environmentId)) {
        if (c.sentRevision >= revision) delivered++;
        else (missing ??= []).push(c);
      }
      const lag = Math.max(0, now - origin.committedMs);
      const record: Delivery = {
        environmentId,
        revision,
        committedMs: origin.committedMs,
        configs: origin.configs,
        clients: delivered + (missing?.length ?? 0),
        samples: delivered > 0 ? [[lag, delivered]] : [],
      };
      if (missing === null) this.#done.push(record);
      else this.#pending.push({ ...record, missing });
    }
    while (this.#pending.length > MAX_PENDING) this.#close(this.#pending.shift()!);
  }

  /** Looks at clients that were behind: delivered now, or ended without it. */
  check(now = Date.now()): void {
    if (this.#pending.length === 0) return;
    const still: Pending[] = [];
    for (const p of this.#pending) {
      p.missing = p.missing.filter((c) => {
        if (c.sentRevision >= p.revision) {
          addSample(p.samples, Math.max(0, now - p.committedMs));
          return false;
        }
        return !c.ended; // an ended stream never had it: counted, not delivered
      });
      if (p.missing.length === 0) this.#close(p);
      else still.push(p);
    }
    this.#pending = still;
  }

  /** Finished deliveries since the last call, then the ones still waiting (as they stand). */
  take(): { done: Delivery[]; waiting: Delivery[] } {
    const done = this.#done;
    this.#done = [];
    const waiting = this.#pending.map(({ missing: _, ...d }) => ({
      ...d,
      samples: [...d.samples],
    }));
    return { done, waiting };
  }

  /** Puts back deliveries a flush could not store. */
  restore(done: Delivery[]): void {
    this.#done.unshift(...done);
  }

  #close(p: Pending): void {
    const { missing: _, ...d } = p;
    this.#done.push(d);
  }
}

function addSample(samples: Samples, ms: number): void {
  const last = samples[samples.length - 1];
  if (last && last[0] === ms) last[1]++;
  else samples.push([ms, 1]);
  // Clients that catch up late arrive in time order, so samples stay sorted.
}

/** One observer that tells several (the metrics and the tracker). */
export function observers(...list: (HubObserver | null | undefined)[]): HubObserver | undefined {
  const present = list.filter((o): o is HubObserver => !!o);
  if (present.length <= 1) return present[0];
  return {
    delivered: (environmentId, revisions, startedMs) => {
      for (const o of present) o.delivered(environmentId, revisions, startedMs);
    },
  };
}
