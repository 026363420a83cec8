// The open replication-feed streams of this instance (one per connected relay). Each sends
// NDJSON lines: a hello, then `changes` lines (the logged changes after the relay's cursor that
// fall in its key's scope, up to `head`, this replica's cursor), then a line after every
// replica commit, and a heartbeat while nothing happens. A deleted key ends its streams on the
// commit that deletes it; a resync of this replica ends them all (the relays then reconnect and
// resume or take a snapshot).
import type { Logger } from "../log.ts";
import type { Replica } from "../replica/replica.ts";
import type { RelayTables } from "./relay_tables.ts";
import type { AnyChange, FeedRelayKey } from "./relay_types.ts";
import { resolveScope, type Scope, scopeChange } from "./scope.ts";

/** A stream whose relay reads slower than this is ended; the relay resumes from its cursor. */
const MAX_QUEUED_BYTES = 32 * 1024 * 1024;
const BATCH = 500;

export type FeedLine =
  | { type: "hello"; databaseId: string; head: number; floor: number; resync?: string }
  | { type: "changes"; head: number; changes: AnyChange[] }
  | { type: "heartbeat"; head: number }
  | { type: "error"; code: string; error: string };

export class FeedStreams {
  readonly #open = new Set<FeedStream>();
  #closed = false;

  constructor(
    readonly replica: Replica,
    readonly tables: RelayTables,
    readonly log: Logger,
    readonly heartbeatMs: number,
  ) {}

  get connections(): number {
    return this.#open.size;
  }

  /** Called after every replica commit (the replicator's extension hook). */
  readonly committed = (): void => {
    for (const s of this.#open) s.pump();
  };

  /**
   * A stream for `key` from `after`; `resync` (a reason) when the relay must take a snapshot
   * first, and then the stream starts at this replica's cursor.
   */
  open(key: FeedRelayKey, after: number, resync: string | undefined): ReadableStream<Uint8Array> {
    const scope = resolveScope(this.replica, this.tables, key);
    const start = resync ? this.replica.cursor() : after;
    const stream = new FeedStream(this, scope, start, () => this.#open.delete(stream));
    if (this.#closed) stream.end({ type: "error", code: "shutdown", error: "Shutting down" });
    else this.#open.add(stream);
    stream.send({
      type: "hello",
      databaseId: this.replica.databaseId() ?? "",
      head: this.replica.cursor(),
      floor: this.tables.floor(),
      ...(resync ? { resync } : {}),
    });
    stream.pump();
    return stream.body;
  }

  close(): void {
    this.#closed = true;
    for (const s of this.#open) s.end({ type: "error", code: "shutdown", error: "Shutting down" });
  }
}

class FeedStream {
  readonly body: ReadableStream<Uint8Array>;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #done = false;
  #heartbeat: ReturnType<typeof setInterval>;
  readonly #encoder = new TextEncoder();

  constructor(
    private readonly feed: FeedStreams,
    private readonly scope: Scope,
    /** Everything in scope up to this revision has been sent. */
    private sent: number,
    private readonly onEnd: () => void,
  ) {
    this.body = new ReadableStream<Uint8Array>({
      start: (c) => void (this.#controller = c),
      cancel: () => this.#finish(),
    }, { highWaterMark: MAX_QUEUED_BYTES, size: (chunk) => chunk.byteLength });
    this.#heartbeat = setInterval(
      () => this.send({ type: "heartbeat", head: this.feed.replica.cursor() }),
      feed.heartbeatMs,
    );
  }

  pump(): void {
    if (this.#done) return;
    const { tables, replica } = this.feed;
    const key = tables.findKey(this.scope.key.id);
    if (!key || key.keyHash !== this.scope.key.keyHash) {
      return this.end({ type: "error", code: "revoked", error: "The relay key was deleted" });
    }
    if (tables.floor() > this.sent) {
      return this.end({
        type: "error",
        code: "resync",
        error: `This instance's replica was rebuilt from revision ${tables.floor()}; reconnect`,
      });
    }
    const head = replica.cursor();
    while (this.sent < head && !this.#done) {
      const rows = tables.after(this.sent, BATCH);
      const last = rows.length === BATCH ? rows[rows.length - 1]!.revision : head;
      const changes = rows.flatMap((c) => scopeChange(this.scope, c) ?? []);
      this.send({ type: "changes", head: last, changes });
      this.sent = last;
    }
  }

  send(line: FeedLine): void {
    if (this.#done) return;
    const bytes = this.#encoder.encode(JSON.stringify(line) + "\n");
    if ((this.#controller.desiredSize ?? 0) < bytes.byteLength) {
      this.feed.log.warn("Relay feed stream ended: the relay reads too slowly", {
        keyId: this.scope.key.id,
      });
      this.#controller.error(new Error("The relay reads too slowly"));
      return this.#finish();
    }
    this.#controller.enqueue(bytes);
  }

  end(last: FeedLine): void {
    if (this.#done) return;
    this.send(last);
    try {
      this.#controller.close();
    } catch { /* already errored */ }
    this.#finish();
  }

  #finish(): void {
    if (this.#done) return;
    this.#done = true;
    clearInterval(this.#heartbeat);
    this.onEnd();
  }
}
