// OFREP event streams (the protocol's ADR-0008): SSE connections that are told
// `refetchEvaluation` whenever anything in their environment changes. Built from the hub's
// parts (Connection's bounded, coalescing queue; Feed and Fanout's sliced passes) and fed the
// same replica events right after the hub: each environment that changed in a batch gets one
// frame, encoded once, and the same bytes go to every listener. A slow listener holds at most
// the newest notification, since every frame has the same name in the queue.
import { Connection, type ConnectionInfo, type QueueLimits } from "../../realtime/connection.ts";
import { Fanout } from "../../realtime/fanout.ts";
import { Feed } from "../../realtime/feed.ts";
import type { Frame } from "../../realtime/frames.ts";
import type { ReplicaEvent } from "../../replica/events.ts";

/** The queue key every notification shares, so a backlog keeps only the newest. */
const NAME = "refetch";
const encoder = new TextEncoder();

export const OPEN_FRAME: Frame = encoder.encode(": connected\nretry: 2000\n\n");

/** `etag` is the environment's revision; `lastModified` Unix seconds when this instance saw it. */
export function refetchFrame(revision: number, lastModified: number): Frame {
  return encoder.encode(
    `id: ${revision}\nevent: message\ndata: {"type":"refetchEvaluation","etag":"${revision}",` +
      `"lastModified":${lastModified}}\n\n`,
  );
}

type Channel = { projectId: string; subscribers: Set<Connection>; feed: Feed };

export type OfrepEventsOptions = { heartbeatMs?: number; limits?: QueueLimits };

export class OfrepEvents {
  readonly #channels = new Map<string, Channel>();
  readonly #fanout = new Fanout(500);
  readonly #heartbeatMs: number;
  readonly #limits: QueueLimits;
  #timer: ReturnType<typeof setInterval> | undefined;
  #connections = 0;
  #closed = false;

  constructor(options: OfrepEventsOptions = {}) {
    this.#heartbeatMs = options.heartbeatMs ?? 15_000;
    this.#limits = options.limits ?? { highWaterMark: 16 * 1024, maxPendingBytes: 64 * 1024 };
  }

  get connections(): number {
    return this.#connections;
  }

  /** A stream that starts with `first`; null once closed. */
  connect(info: ConnectionInfo, first: Frame[]): Connection | null {
    if (this.#closed) return null;
    let channel = this.#channels.get(info.environmentId);
    if (!channel) {
      const subscribers = new Set<Connection>();
      channel = { projectId: info.projectId, subscribers, feed: new Feed(subscribers) };
      this.#channels.set(info.environmentId, channel);
    }
    const ch = channel;
    const connection = new Connection(info, first, this.#limits, {
      onStall: () => {},
      onEnd: (c) => {
        if (ch.subscribers.delete(c)) this.#connections--;
        if (ch.subscribers.size === 0 && this.#channels.get(info.environmentId) === ch) {
          this.#channels.delete(info.environmentId);
          this.#fanout.forget(ch.feed);
        }
        if (this.#connections === 0) this.#stopTimer();
      },
    });
    connection.cursor = ch.feed.head;
    ch.subscribers.add(connection);
    this.#connections++;
    this.#timer ??= setInterval(() => this.#heartbeat(), this.#heartbeatMs);
    return connection;
  }

  /** After the hub: one notification per changed environment, and revocations. */
  publish(events: ReplicaEvent[]): void {
    if (this.#channels.size === 0) return;
    const changed = new Map<string, number>();
    for (const e of events) {
      switch (e.kind) {
        case "config":
        case "config_delete":
          changed.set(e.environmentId, Math.max(e.revision, changed.get(e.environmentId) ?? 0));
          break;
        case "key_revoked":
          for (const c of [...this.#channels.get(e.environmentId)?.subscribers ?? []]) {
            if (c.info.keyId === e.keyId) c.end();
          }
          break;
        case "environment_revoked":
          this.#endAll(this.#channels.get(e.environmentId));
          break;
        case "project_revoked":
          for (const ch of [...this.#channels.values()]) {
            if (ch.projectId === e.projectId) this.#endAll(ch);
          }
          break;
      }
    }
    const now = Math.floor(Date.now() / 1000);
    for (const [environmentId, revision] of changed) {
      const ch = this.#channels.get(environmentId);
      if (!ch) continue;
      ch.feed.append(NAME, refetchFrame(revision, now));
      this.#fanout.kick(ch.feed);
    }
  }

  /** Ends every stream and refuses new ones. */
  close(): void {
    this.#closed = true;
    for (const ch of [...this.#channels.values()]) this.#endAll(ch);
    this.#stopTimer();
    this.#fanout.close();
  }

  #endAll(ch: Channel | undefined): void {
    for (const c of [...ch?.subscribers ?? []]) c.end();
  }

  #heartbeat(): void {
    for (const ch of this.#channels.values()) {
      ch.feed.heartbeat();
      this.#fanout.kick(ch.feed);
    }
  }

  #stopTimer(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
