// A replicator source over an upstream instance's replication feed (src/http/replication_feed.ts):
// the source of a relay's replica. One long-lived NDJSON stream brings the changes after the
// replica's cursor; the replicator takes them from the buffer, so the same catch-up, resync and
// backoff code runs as for a primary store. The link reconnects with backoff (jittered, up to
// maxRetryDelayMs) and ends a stream that stays silent past three heartbeats.
import type { Logger } from "../log.ts";
import type { Replica } from "../replica/replica.ts";
import type { ReplicaSource, SourceBatch, SourceSnapshot } from "../replica/replica_source.ts";
import type { Change } from "../store/changes.ts";
import type { FeedLine } from "./feed_streams.ts";
import type { AnyChange } from "./relay_types.ts";

export type UpstreamOptions = {
  url: string;
  key: string;
  replica: Replica;
  log: Logger;
  /** The upstream's heartbeat; a stream silent for 3× this long is replaced. */
  heartbeatMs?: number;
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** How long a replicator call waits for a link that is being made. */
  connectWaitMs?: number;
};

/** What readiness and metrics show of the link. */
export type UpstreamStatus = {
  readonly connected: boolean;
  /** Why the link is down (null while it is up or before the first attempt ends). */
  readonly problem: string | null;
  /** The upstream's cursor as of its last line (-1 before any). */
  readonly upstreamHead: number;
  /** Date.now() of the last line received (0 before any). */
  readonly lastLineAt: number;
  readonly reconnects: number;
};

export class UpstreamUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`The upstream is unavailable: ${reason}`);
    this.name = "UpstreamUnavailable";
  }
}

export type UpstreamSource = ReplicaSource & { status: UpstreamStatus };

export function upstreamSource(o: UpstreamOptions): UpstreamSource {
  const base = o.url.replace(/\/+$/, "");
  const heartbeatMs = o.heartbeatMs ?? 15_000;
  const auth = { authorization: `Bearer ${o.key}` };
  let hello: Extract<FeedLine, { type: "hello" }> | null = null;
  /** The stream has delivered everything after this revision (into `buffer`). */
  let coveredFrom = -1;
  let buffer: AnyChange[] = [];
  let stopped = true;
  let abort: AbortController | null = null;
  let loop: Promise<void> | null = null;
  let wakeLoop: (() => void) | null = null;
  let linkUp = Promise.withResolvers<void>();
  const status = {
    connected: false,
    problem: null as string | null,
    upstreamHead: -1,
    lastLineAt: 0,
    reconnects: 0,
  };

  const down = (problem: string) => {
    if (status.connected || status.problem !== problem) {
      o.log.warn("The upstream link is down; serving from the replica", {
        upstream: base,
        problem,
      });
    }
    status.connected = false;
    status.problem = problem;
    hello = null;
    buffer = [];
  };

  const connectOnce = async (onChange: () => void) => {
    abort = new AbortController();
    const signal = abort.signal;
    const after = o.replica.cursor();
    const database = o.replica.databaseId() ?? "";
    const query = `after=${after}&database=${encodeURIComponent(database)}`;
    const res = await fetch(`${base}/api/relay/v1/feed?${query}`, { headers: auth, signal });
    if (!res.ok || !res.body) throw new Error(await refusal(res));
    let silent: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(silent);
      silent = setTimeout(() => abort?.abort(), heartbeatMs * 3);
    };
    watch();
    try {
      for await (const line of lines(res.body)) {
        watch();
        status.lastLineAt = Date.now();
        const msg = JSON.parse(line) as FeedLine;
        if (msg.type === "hello") {
          hello = msg;
          coveredFrom = msg.resync ? msg.head : after;
          buffer = [];
          status.connected = true;
          status.problem = null;
          status.upstreamHead = msg.head;
          linkUp.resolve();
          o.log.info("Following the upstream", {
            upstream: base,
            after,
            head: msg.head,
            ...(msg.resync ? { resync: msg.resync } : {}),
          });
        } else if (msg.type === "changes") {
          buffer.push(...msg.changes);
          const last = msg.changes.at(-1)?.revision ?? -1;
          if (msg.head > last) {
            buffer.push({ kind: "checkpoint", revision: msg.head, createdAt: nowIso() });
          }
          status.upstreamHead = msg.head;
        } else if (msg.type === "heartbeat") {
          status.upstreamHead = Math.max(status.upstreamHead, msg.head);
          continue;
        } else if (msg.type === "error") {
          throw new Error(`the upstream ended the feed: ${msg.error}`);
        }
        onChange();
      }
      throw new Error("the upstream closed the feed");
    } finally {
      clearTimeout(silent);
    }
  };

  const run = async (onChange: () => void) => {
    let failures = 0;
    while (!stopped) {
      try {
        await connectOnce(onChange);
      } catch (error) {
        if (stopped) break;
        down(describe(error));
      }
      if (stopped) break;
      failures = status.lastLineAt > Date.now() - 5_000 ? 1 : failures + 1;
      status.reconnects++;
      linkUp = Promise.withResolvers<void>();
      onChange(); // so the replicator notices the link is down
      const first = o.retryDelayMs ?? 500;
      const delay = Math.min(first * 2 ** (failures - 1), o.maxRetryDelayMs ?? 10_000);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay * (0.75 + Math.random() / 2));
        wakeLoop = () => (clearTimeout(timer), resolve());
      });
      wakeLoop = null;
    }
  };

  /** The hello of a link that is up, waiting a little for one being made. */
  const current = async () => {
    if (hello) return hello;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      linkUp.promise,
      new Promise((resolve) => timer = setTimeout(resolve, o.connectWaitMs ?? 2_000)),
    ]).finally(() => clearTimeout(timer));
    if (!hello) throw new UpstreamUnavailable(status.problem ?? "connecting");
    return hello;
  };

  return {
    status,

    listen(onChange) {
      stopped = false;
      loop = run(onChange);
      return Promise.resolve(async () => {
        stopped = true;
        abort?.abort();
        wakeLoop?.();
        await loop;
      });
    },

    async after(from, limit, databaseId): Promise<SourceBatch> {
      const h = await current();
      if (h.databaseId !== databaseId) {
        return { resync: `the replica was not filled from the upstream's database` };
      }
      if (from < coveredFrom) {
        if (h.resync) return { resync: `the upstream asked for it: ${h.resync}` };
        // Behind what the stream started at (a snapshot older than the stream): start over.
        abort?.abort();
        throw new UpstreamUnavailable(`reconnecting to resume after revision ${from}`);
      }
      buffer = buffer.filter((c) => c.revision > from);
      return buffer.slice(0, limit) as Change[];
    },

    async snapshot(): Promise<SourceSnapshot> {
      const res = await fetch(`${base}/api/relay/v1/snapshot`, {
        headers: auth,
        signal: AbortSignal.timeout(60_000),
      }).catch((error) => {
        throw new UpstreamUnavailable(describe(error));
      });
      if (!res.ok) throw new UpstreamUnavailable(await refusal(res));
      const snap = await res.json() as SourceSnapshot;
      if (typeof snap.revision !== "number" || !Array.isArray(snap.environments)) {
        throw new UpstreamUnavailable("the upstream's snapshot is not one");
      }
      return snap;
    },
  };
}

/** The text lines of a byte stream (a long line is searched for its end only once). */
async function* lines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let parts: string[] = [];
  const decoder = new TextDecoder();
  for await (const bytes of body) {
    let chunk = decoder.decode(bytes, { stream: true });
    let at: number;
    while ((at = chunk.indexOf("\n")) >= 0) {
      parts.push(chunk.slice(0, at));
      chunk = chunk.slice(at + 1);
      const line = parts.join("");
      parts = [];
      if (line.trim()) yield line;
    }
    if (chunk) parts.push(chunk);
  }
}

async function refusal(res: Response): Promise<string> {
  const text = await res.text().catch(() => "");
  let said = text.slice(0, 300);
  try {
    said = String(JSON.parse(text).error ?? said);
  } catch { /* not JSON */ }
  return `the upstream answered ${res.status}${said ? `: ${said}` : ""}`;
}

function describe(error: unknown): string {
  if (error instanceof UpstreamUnavailable) return error.reason;
  const e = error as { name?: string; message?: string };
  if (e?.name === "AbortError") return "the feed went silent (no heartbeat)";
  return e?.message ?? String(error);
}

const nowIso = () => new Date().toISOString();
