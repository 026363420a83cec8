// The parent side of the load clients: spreads N streams over subprocesses (≤ 2,500 each)
// and loopback source addresses, and gathers what they saw.
import { Buffer } from "node:buffer";
import { stopChild, trackChild } from "./cleanup.ts";
import { cpuMsOf } from "./server.ts";
import type { ClientSpec } from "./sse_client.ts";

const SCRIPT = new URL("./sse_client.ts", import.meta.url).pathname;
const PER_PROCESS = 2_500;
export const STREAM_PATH = "/api/sdk/v1/replication/stream";

type Event = { event: string } & Record<string, unknown>;

class ClientProcess {
  readonly child: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #waiting = new Map<string, (e: Event) => void>();
  #early = new Map<string, Event>();

  constructor(spec: ClientSpec) {
    const child = trackChild(
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--allow-all",
          "--v8-flags=--max-old-space-size=2048",
          SCRIPT,
          JSON.stringify(spec),
        ],
        stdin: "piped",
        stdout: "piped",
        stderr: "inherit",
      }).spawn(),
    );
    this.child = child;
    this.#writer = child.stdin.getWriter();
    (async () => {
      let buf = "";
      for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf("\n")) !== -1) {
          const e = JSON.parse(buf.slice(0, nl)) as Event;
          buf = buf.slice(nl + 1);
          const waiter = this.#waiting.get(e.event);
          if (waiter) (this.#waiting.delete(e.event), waiter(e));
          else this.#early.set(e.event, e);
        }
      }
    })().catch(() => {});
  }

  next(event: string, timeoutMs: number): Promise<Event> {
    const early = this.#early.get(event);
    if (early) return (this.#early.delete(event), Promise.resolve(early));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => (this.#waiting.delete(event),
          reject(new Error(`load client: no "${event}" in time`))),
        timeoutMs,
      );
      this.#waiting.set(event, (e) => (clearTimeout(timer), resolve(e)));
    });
  }

  async ask(command: string, event: string, timeoutMs = 10_000): Promise<Event> {
    const answer = this.next(event, timeoutMs);
    await this.#writer.write(new TextEncoder().encode(command + "\n"));
    return await answer;
  }

  async close() {
    await this.ask("close", "closed", 5_000).catch(() => {});
    await this.#writer.close().catch(() => {});
    await stopChild(this.child, 2_000);
  }
}

export type PoolOptions = {
  url: string;
  /** Defaults to the SDK stream. */
  path?: string;
  key: string;
  count: number;
  /** Source addresses start at 127.0.0.<2 + addressOffset>, one per process. */
  addressOffset?: number;
  maxPendingTotal?: number;
  /** Values seqBase + 1 .. seqBase + maxSeq are timed. */
  seqBase: number;
  maxSeq: number;
  watch: string;
  connectTimeoutMs?: number;
  /** Overall limit for every stream to connect. */
  readyTimeoutMs: number;
};

export type Connected = {
  inited: number;
  failed: number;
  /** Streams that received init, per second, from the first connect to the last init. */
  ratePerSecond: number;
  errors: string[];
};

export type Report = {
  /** Receipt times [stream * maxSeq + (seq - seqBase) - 1], NaN when not received. */
  recv: Float64Array;
  lastSeq: Int32Array;
  streams: number;
  dups: number;
  outOfOrder: number;
  closed: number;
};

export class ClientPool {
  private constructor(readonly processes: ClientProcess[], readonly connected: Connected) {}

  static async open(o: PoolOptions): Promise<ClientPool> {
    const n = Math.max(2, Math.ceil(o.count / PER_PROCESS));
    const url = new URL(o.url);
    const maxPending = Math.max(1, Math.round((o.maxPendingTotal ?? 200) / n));
    const processes: ClientProcess[] = [];
    for (let i = 0; i < n; i++) {
      const count = Math.floor(o.count / n) + (i < o.count % n ? 1 : 0);
      processes.push(
        new ClientProcess({
          host: url.hostname,
          port: Number(url.port),
          path: o.path ?? STREAM_PATH,
          key: o.key,
          count,
          localAddresses: [`127.0.0.${2 + (o.addressOffset ?? 0) + i}`],
          maxPending,
          watch: o.watch,
          seqBase: o.seqBase,
          maxSeq: o.maxSeq,
          connectTimeoutMs: o.connectTimeoutMs ?? 10_000,
        }),
      );
    }
    try {
      await Promise.all(processes.map((p) => p.next("started", 30_000)));
      const ready = await Promise.all(
        processes.map((p) => p.ask("connect", "ready", o.readyTimeoutMs)),
      );
      const inited = ready.reduce((s, r) => s + Number(r.inited), 0);
      const start = Math.min(...ready.map((r) => Number(r.startAt)));
      const done = Math.max(...ready.map((r) => Number(r.doneAt)));
      return new ClientPool(processes, {
        inited,
        failed: ready.reduce((s, r) => s + Number(r.failed), 0),
        ratePerSecond: inited / ((done - start) / 1000),
        errors: ready.flatMap((r) => r.errors as string[]).slice(0, 5),
      });
    } catch (error) {
      await Promise.all(processes.map((p) => p.close()));
      throw error;
    }
  }

  /**
   * Checks the clients' clocks against ours: each client's timestamp should fall between our
   * send and receive times. Returns the worst miss outside that window (0 when all fall
   * inside) and the widest window, which bounds how well the check can tell (ms).
   */
  async clockCheck(): Promise<{ outside: number; window: number }> {
    let outside = 0;
    let window = 0;
    for (const p of this.processes) {
      const before = performance.timeOrigin + performance.now();
      const e = await p.ask("clock", "clock");
      const after = performance.timeOrigin + performance.now();
      const t = Number(e.t);
      outside = Math.max(outside, before - t, t - after);
      window = Math.max(window, after - before);
    }
    return { outside, window };
  }

  /** Streams whose newest value is ≥ seq, and streams still open. */
  async status(seq: number): Promise<{ have: number; open: number }> {
    const answers = await Promise.all(this.processes.map((p) => p.ask(`status ${seq}`, "status")));
    return {
      have: answers.reduce((s, a) => s + Number(a.have), 0),
      open: answers.reduce((s, a) => s + Number(a.open), 0),
    };
  }

  /** Waits until every open stream has seen `seq`, or `timeoutMs` passes. */
  async waitForSeq(seq: number, timeoutMs: number): Promise<boolean> {
    const end = performance.now() + timeoutMs;
    while (performance.now() < end) {
      const s = await this.status(seq);
      if (s.have >= this.connected.inited) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  }

  async report(): Promise<Report> {
    const parts = await Promise.all(this.processes.map((p) => p.ask("report", "report", 30_000)));
    const decode = (s: unknown) => new Uint8Array(Buffer.from(String(s), "base64"));
    const recvs = parts.map((r) => new Float64Array(decode(r.recv).buffer));
    const lasts = parts.map((r) => new Int32Array(decode(r.lastSeq).buffer));
    const recv = new Float64Array(recvs.reduce((s, a) => s + a.length, 0));
    const lastSeq = new Int32Array(lasts.reduce((s, a) => s + a.length, 0));
    let off = 0;
    for (const a of recvs) (recv.set(a, off), off += a.length);
    off = 0;
    for (const a of lasts) (lastSeq.set(a, off), off += a.length);
    const sum = (k: string) => parts.reduce((s, r) => s + Number(r[k]), 0);
    return {
      recv,
      lastSeq,
      streams: lastSeq.length,
      dups: sum("dups"),
      outOfOrder: sum("outOfOrder"),
      closed: sum("closed"),
    };
  }

  /** CPU time the load-client processes used so far (ms). */
  async cpuMs(): Promise<number> {
    let total = 0;
    for (const p of this.processes) total += await cpuMsOf(p.child.pid).catch(() => 0);
    return total;
  }

  async close(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.close()));
  }
}
