// Which client runs which revision, across instances: every few seconds this instance stores in
// the primary the SDK streams it holds (only the ones that changed), the receipts it was sent,
// how long finished revisions took to reach its clients, and a heartbeat. Any instance then
// answers the connections view and the history's propagation summaries for all of them. A
// failed flush (the primary is down) keeps its data for the next one. The hub's hot path is
// untouched: the flush walks the streams on its own timer.
import type { Logger } from "../log.ts";
import { type Delivery, PropagationTracker } from "./propagation_tracker.ts";
import { Receipts } from "./receipts.ts";
import type { Connection } from "../realtime/connection.ts";
import type { Hub } from "../realtime/hub.ts";
import {
  receiptsRepo,
  type StoredClient,
  type StoredPropagation,
} from "../store/repos/receipts.ts";
import type { Store } from "../store/store.ts";
import type { LocalDrift } from "../service/connections.ts";

export type DriftOptions = {
  /** How often the primary gets this instance's streams, receipts and summaries (default 5 s). */
  flushMs?: number;
  /** How often clients that were behind are looked at again (default 1 s). */
  checkMs?: number;
};

/** Rows of an instance unseen for this many flush periods are ignored by the views. */
export const LIVE_PERIODS = 3;
const PRUNE_EVERY_MS = 3_600_000;
/** Instances unseen for an hour are deleted; receipts and summaries after 30 days. */
const DEAD_AFTER_MS = 3_600_000;
const KEEP_MS = 30 * 86_400_000;

type Written = { id: number; sent: number; reading: boolean };

export class DriftRecorder implements LocalDrift {
  readonly instanceId = crypto.randomUUID();
  readonly startedMs = Date.now();
  readonly receipts = new Receipts();
  readonly tracker = new PropagationTracker();
  readonly flushMs: number;
  readonly #checkMs: number;
  readonly #written = new WeakMap<Connection, Written>();
  /** Stream ids whose rows are in the store, with their connection. */
  #stored = new Map<number, Connection>();
  #nextId = 1;
  /** The next flush rewrites every row of this instance (first flush, after a failure). */
  #full = true;
  #hub: Hub | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastFlush = 0;
  #lastPrune = 0;
  #flushing: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    options: DriftOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 5_000;
    this.#checkMs = Math.min(options.checkMs ?? 1_000, this.flushMs);
  }

  attach(hub: Hub): void {
    this.#hub = hub;
    this.tracker.attach((id) => hub.environment(id)?.subscribers ?? []);
  }

  start(): void {
    this.#timer ??= setInterval(() => {
      this.tracker.check();
      if (Date.now() - this.#lastFlush >= this.flushMs) void this.flush();
    }, this.#checkMs);
  }

  /** Stops the timer, stores what is left and takes this instance's streams out of the views. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.tracker.check();
    await this.flush();
    try {
      await this.store.write((tx) => receiptsRepo(tx.db).removeInstance(this.instanceId));
    } catch { /* the primary is down: the rows expire with the heartbeat */ }
  }

  /** Stores what changed since the last flush; one flush at a time. */
  flush(): Promise<void> {
    return this.#flushing ??= this.#flushNow().finally(() => {
      this.#flushing = null;
    });
  }

  /** Rows of instances that flushed since then are live (a few missed flushes are fine). */
  liveSinceMs(): number {
    return Date.now() - LIVE_PERIODS * this.flushMs - 1_000;
  }

  receipt(keyId: string, clientId: string) {
    return this.receipts.get(keyId, clientId);
  }

  /** This instance's streams as the store holds them, fresh from memory. */
  liveClients(environmentId: string): StoredClient[] {
    const out: StoredClient[] = [];
    for (const c of this.#hub?.environment(environmentId)?.subscribers ?? []) {
      out.push(this.#row(c, this.#idOf(c)));
    }
    return out;
  }

  async #flushNow(): Promise<void> {
    const now = Date.now();
    this.#lastFlush = now;
    const full = this.#full;
    const { put, gone, seen } = this.#changedStreams(full);
    const receipts = this.receipts.takeDirty();
    const { done, waiting } = this.tracker.take();
    const propagation = [...done, ...waiting].flatMap((d) => this.#propagationRows(d));
    const prune = now - this.#lastPrune >= PRUNE_EVERY_MS;
    try {
      await this.store.write(async (tx) => {
        const repo = receiptsRepo(tx.db);
        if (full) await repo.removeInstance(this.instanceId);
        await repo.heartbeat(this.instanceId, this.startedMs, now);
        await repo.deleteClients(this.instanceId, gone);
        await repo.putClients(put);
        await repo.putReceipts(receipts);
        await repo.putPropagation(propagation);
        if (prune) await repo.prune(now - DEAD_AFTER_MS, now - KEEP_MS);
      });
      this.#stored = seen;
      this.#full = false;
      if (prune) this.#lastPrune = now;
    } catch (error) {
      this.log.warn("Cannot store SDK connections and receipts; keeping them for the next flush", {
        error,
        streams: seen.size,
        receipts: receipts.length,
      });
      this.#full = true;
      this.receipts.restoreDirty(receipts);
      this.tracker.restore(done);
    }
  }

  /** Rows to write (new or changed streams; all of them on a full flush) and rows to delete. */
  #changedStreams(full: boolean) {
    const put: StoredClient[] = [];
    const seen = new Map<number, Connection>();
    for (const env of this.#hub?.environments() ?? []) {
      for (const c of env.subscribers) {
        const id = this.#idOf(c);
        const w = this.#written.get(c)!;
        seen.set(id, c);
        const reading = c.stalledSince === 0;
        if (full || !this.#stored.has(id) || w.sent !== c.sentRevision || w.reading !== reading) {
          put.push(this.#row(c, id));
          w.sent = c.sentRevision;
          w.reading = reading;
        }
      }
    }
    const gone = full ? [] : [...this.#stored.keys()].filter((id) => !seen.has(id));
    return { put, gone, seen };
  }

  #idOf(c: Connection): number {
    let w = this.#written.get(c);
    if (!w) {
      w = { id: this.#nextId++, sent: -1, reading: true };
      this.#written.set(c, w);
    }
    return w.id;
  }

  #row(c: Connection, streamId: number): StoredClient {
    return {
      instanceId: this.instanceId,
      streamId,
      environmentId: c.info.environmentId,
      keyId: c.info.keyId,
      clientId: c.info.client?.id ?? "",
      userAgent: c.info.client?.userAgent ?? "",
      address: c.info.client?.address ?? "",
      connectedMs: c.connectedAt,
      sentRevision: c.sentRevision,
      reading: c.stalledSince === 0,
    };
  }

  #propagationRows(d: Delivery): StoredPropagation[] {
    return d.configs.map((config) => ({
      instanceId: this.instanceId,
      environmentId: d.environmentId,
      revision: d.revision,
      configId: config.id,
      version: config.version,
      committedMs: d.committedMs,
      clients: d.clients,
      samples: d.samples,
    }));
  }
}
