// One SSE subscriber: a byte stream with a bounded queue. While the client keeps up, frames go
// straight into the stream. Once the stream's queue is over its high-water mark (the socket is
// not draining), frames wait in a map keyed by config name where the newest frame for a name
// replaces the older one, so a slow client costs at most one frame per config; they are flushed
// in order as soon as the client reads again. Idle state is a handful of fields.
import { type Frame, PING_FRAME } from "./frames.ts";

/** Why the server ended a stream early; Deno.serve's onError sees it and need not log it. */
export class StreamDropped extends Error {
  constructor() {
    super("SSE stream dropped by the server");
    this.name = "StreamDropped";
  }
}

export type ConnectionInfo = {
  keyId: string;
  environmentId: string;
  projectId: string;
  /** The key may read sensitive configs: the stream follows the state that has them. */
  sensitive?: boolean;
  /** Who connected, for the connections view: the SDK's user agent and the peer address. */
  client?: { id: string; userAgent: string; address: string };
};

/** Why a stream ended: the client left, it fell behind, or the server ended it (and why). */
export type EndReason = "client" | "slow" | "revoked" | "shutdown" | "server";

export type QueueLimits = {
  /** Bytes the stream may hold before frames start to coalesce. */
  highWaterMark: number;
  /** Coalesced bytes beyond which the client is dropped at once. */
  maxPendingBytes: number;
};

export type ConnectionEvents = {
  /** The client fell behind (first frame held back). */
  onStall(c: Connection): void;
  /** The stream ended; `slow` when it was dropped for falling behind. */
  onEnd(c: Connection, slow: boolean): void;
};

export class Connection {
  readonly stream: ReadableStream<Frame>;
  /** When the client started falling behind (ms since epoch), or 0 while it keeps up. */
  stalledSince = 0;
  /** How far into its environment's feed this connection has been sent (see feed.ts). */
  cursor = 0;
  /** The newest revision written into the stream (frames held back do not count yet). */
  sentRevision = 0;
  /** Frames and bytes written into the stream, for metrics. */
  framesSent = 0;
  bytesSent = 0;
  readonly connectedAt = Date.now();
  endReason: EndReason | null = null;
  #pendingRevision = 0;
  #controller!: ReadableStreamDefaultController<Frame>;
  #pending: Map<string, Frame> | null = null;
  #pendingBytes = 0;
  #ended = false;

  constructor(
    readonly info: ConnectionInfo,
    first: Frame[],
    private readonly limits: QueueLimits,
    private readonly events: ConnectionEvents,
  ) {
    this.stream = new ReadableStream<Frame>({
      start: (controller) => {
        this.#controller = controller;
        for (const frame of first) this.#enqueue(frame);
      },
      pull: () => this.#flush(),
      cancel: () => this.#finish(),
    }, { highWaterMark: limits.highWaterMark, size: (chunk) => chunk.byteLength });
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Bytes waiting for this client: in the stream's queue plus coalesced frames. */
  get queuedBytes(): number {
    const desired = this.#controller.desiredSize ?? this.limits.highWaterMark;
    return this.limits.highWaterMark - desired + this.#pendingBytes;
  }

  /** Queues a frame about config `name` (of `revision`, when known); never blocks. */
  send(name: string, frame: Frame, revision = 0): void {
    if (this.#ended) return;
    if (this.#pending === null && this.#controller.desiredSize! > 0) {
      this.#enqueue(frame);
      if (revision > this.sentRevision) this.sentRevision = revision;
      return;
    }
    if (revision > this.#pendingRevision) this.#pendingRevision = revision;
    this.#pending ??= new Map();
    const older = this.#pending.get(name);
    if (older) {
      this.#pendingBytes -= older.byteLength;
      this.#pending.delete(name); // re-inserted at the end, so frames stay in revision order
    }
    this.#pending.set(name, frame);
    this.#pendingBytes += frame.byteLength;
    if (this.stalledSince === 0) {
      this.stalledSince = Date.now();
      this.events.onStall(this);
    }
    if (this.#pendingBytes > this.limits.maxPendingBytes) this.abort(true);
  }

  /** A heartbeat, only while the client keeps up (a backlog already keeps it busy). */
  ping(): void {
    if (!this.#ended && this.#pending === null && this.#controller.desiredSize! > 0) {
      this.#enqueue(PING_FRAME);
    }
  }

  /** Ends the stream: cleanly when nothing is waiting, else at once (dropping the backlog). */
  end(reason: EndReason = "server"): void {
    if (this.#ended) return;
    if (this.queuedBytes === 0) {
      this.#controller.close();
      this.#finish(false, reason);
    } else {
      this.abort(false, reason);
    }
  }

  /** Ends the stream at once; the client sees a broken stream and reconnects. */
  abort(slow = false, reason: EndReason = slow ? "slow" : "server"): void {
    if (this.#ended) return;
    this.#controller.error(new StreamDropped());
    this.#finish(slow, reason);
  }

  #flush(): void {
    const pending = this.#pending;
    if (pending === null) return;
    for (const [name, frame] of pending) {
      if (this.#controller.desiredSize! <= 0) return;
      pending.delete(name);
      this.#pendingBytes -= frame.byteLength;
      this.#enqueue(frame);
    }
    this.#pending = null;
    this.#pendingBytes = 0;
    this.stalledSince = 0;
    if (this.#pendingRevision > this.sentRevision) this.sentRevision = this.#pendingRevision;
  }

  #enqueue(frame: Frame): void {
    this.#controller.enqueue(frame);
    this.framesSent++;
    this.bytesSent += frame.byteLength;
  }

  #finish(slow = false, reason: EndReason = "client"): void {
    if (this.#ended) return;
    this.#ended = true;
    this.endReason = slow ? "slow" : reason;
    this.#pending = null;
    this.#pendingBytes = 0;
    this.events.onEnd(this, slow);
  }
}
