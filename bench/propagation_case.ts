// One propagation measurement: open the streams, write M values spaced apart, optionally a
// burst of back-to-back writes, then gather every stream's receipt times.
import type { Write, Writer } from "./admin.ts";
import { ClientPool, type Report } from "./clients.ts";
import { type BenchContext, sleep } from "./context.ts";
import { WATCHED, watchedState } from "./seed.ts";
import type { Instance } from "./server.ts";
import { summarize, type Summary } from "./stats.ts";

export type Case = {
  streams: number;
  /** Which instance(s) the clients connect to; writes always go to A. */
  on: "A" | "B" | "A+B";
  writes: number;
  spacingMs: number;
  burstMs: number;
  /** How long to wait, after the burst, for every stream to hold the last value. */
  convergeTimeoutMs: number;
};

export type Setup = {
  /** Every server process, for CPU accounting. */
  instances: Instance[];
  /** Where the streams go, split evenly. */
  targets: Instance[];
  key: string;
  path?: string;
};

export type CaseResult = {
  streams: number;
  fromAck: Summary | null;
  fromStart: Summary | null;
  /** Per write: when the last stream had it, from the write's start. */
  lastArrival: Summary | null;
  complete: number;
  dups: number;
  outOfOrder: number;
  closed: number;
};

/** Latencies of every (stream, write) pair; a stream is complete when it got every write. */
export function analyze(reports: Report[], writes: Write[]): CaseResult {
  const m = writes.length;
  const fromAck: number[] = [];
  const fromStart: number[] = [];
  const last = new Float64Array(m).fill(-Infinity);
  let streams = 0;
  let complete = 0;
  for (const r of reports) {
    for (let s = 0; s < r.streams; s++) {
      if (r.lastSeq[s]! < 0) continue; // never got init
      streams++;
      let got = 0;
      for (let i = 0; i < m; i++) {
        const t = r.recv[s * m + i]!;
        if (Number.isNaN(t)) continue;
        got++;
        fromAck.push(t - writes[i]!.ack);
        fromStart.push(t - writes[i]!.start);
        if (t - writes[i]!.start > last[i]!) last[i] = t - writes[i]!.start;
      }
      if (got === m) complete++;
    }
  }
  const sum = (k: "dups" | "outOfOrder" | "closed") => reports.reduce((s, r) => s + r[k], 0);
  return {
    streams,
    fromAck: summarize(fromAck),
    fromStart: summarize(fromStart),
    lastArrival: summarize(last),
    complete,
    dups: sum("dups"),
    outOfOrder: sum("outOfOrder"),
    closed: sum("closed"),
  };
}

async function cpu(instances: Instance[]): Promise<number> {
  let total = 0;
  for (const i of instances) total += await i.cpuMs();
  return total;
}

export type CaseOutcome = {
  result: CaseResult;
  /** Clock check over all clients: worst miss outside the [send, receive] window, widest window. */
  clock: { outside: number; window: number };
  /** Server CPU (all instances) per stream per change, µs; clients likewise. */
  serverCpuUs: number;
  clientCpuUs: number;
  /** PUT latencies in the burst; streams holding the final value; when all held it (ms). */
  burst: { latencies: number[]; final: number; have: number; convergedMs: number } | null;
  lastSeq: number;
};

export async function runCase(
  ctx: BenchContext,
  setup: Setup,
  writer: Writer,
  c: Case,
  base: number,
): Promise<CaseOutcome> {
  const pools: ClientPool[] = [];
  try {
    const opened = await Promise.allSettled(setup.targets.map((inst, i) =>
      ClientPool.open({
        url: inst.url,
        path: setup.path,
        key: setup.key,
        count: Math.round(c.streams / setup.targets.length),
        addressOffset: i * 8,
        seqBase: base,
        maxSeq: c.writes,
        watch: WATCHED,
        readyTimeoutMs: 60_000,
      })
    ));
    for (const o of opened) if (o.status === "fulfilled") pools.push(o.value);
    for (const o of opened) if (o.status === "rejected") throw o.reason;
    const inited = pools.reduce((s, p) => s + p.connected.inited, 0);
    const failed = pools.reduce((s, p) => s + p.connected.failed, 0);
    if (failed > 0) {
      ctx.log(`    ${failed} streams failed to connect: ${pools[0]!.connected.errors[0]}`);
    }
    const checks = await Promise.all(pools.map((p) => p.clockCheck()));
    const clock = {
      outside: Math.max(...checks.map((c) => c.outside)),
      window: Math.max(...checks.map((c) => c.window)),
    };
    await sleep(500);
    ctx.signal.throwIfAborted();

    const clientCpu = async () =>
      (await Promise.all(pools.map((p) => p.cpuMs()))).reduce((s, x) => s + x, 0);
    const cpu0 = await cpu(setup.instances);
    const client0 = await clientCpu();
    const writes: Write[] = [];
    for (let i = 1; i <= c.writes; i++) {
      const t0 = performance.now();
      writes.push(await writer.put(WATCHED, watchedState(base + i)));
      await sleep(Math.max(0, c.spacingMs - (performance.now() - t0)));
    }
    await Promise.all(pools.map((p) => p.waitForSeq(base + c.writes, 5_000)));
    const deliveries = c.writes * Math.max(1, inited);
    const serverCpuUs = ((await cpu(setup.instances) - cpu0) * 1000) / deliveries;
    const clientCpuUs = ((await clientCpu() - client0) * 1000) / deliveries;
    ctx.signal.throwIfAborted();

    let burst: CaseOutcome["burst"] = null;
    if (c.burstMs > 0) {
      const latencies: number[] = [];
      let seq = base + c.writes;
      const end = performance.now() + c.burstMs;
      while (performance.now() < end) {
        const w = await writer.put(WATCHED, watchedState(++seq));
        latencies.push(w.ack - w.start);
      }
      // Convergence: how long after the last write's 2xx every stream holds its value.
      const t0 = performance.now();
      const done = await Promise.all(pools.map((p) => p.waitForSeq(seq, c.convergeTimeoutMs)));
      const convergedMs = done.every(Boolean) ? performance.now() - t0 : NaN;
      const statuses = await Promise.all(pools.map((p) => p.status(seq)));
      const have = statuses.reduce((s, x) => s + x.have, 0);
      burst = { latencies, final: seq, have, convergedMs };
    }
    const result = analyze(await Promise.all(pools.map((p) => p.report())), writes);
    return {
      result,
      clock,
      serverCpuUs,
      clientCpuUs,
      burst,
      lastSeq: burst?.final ?? base + c.writes,
    };
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
}
