// 1. Propagation latency: N streams held by load-client processes; a writer PUTs the watched
// config M times through the admin API, spaced apart; each client timestamps each value's
// arrival. Then a burst of back-to-back PUTs measures write latency while fan-out runs.
import { adminUnavailable, adminWriter, type Write, type Writer } from "./admin.ts";
import { ClientPool, type Report } from "./clients.ts";
import { type Cluster, withCluster } from "./cluster.ts";
import { type BenchContext, type Mode, sleep } from "./context.ts";
import { SMALL, WATCHED, watchedState } from "./seed.ts";
import type { Instance } from "./server.ts";
import {
  formatCount,
  formatMs,
  formatPercent,
  formatSummaryMs,
  summarize,
  type Summary,
} from "./stats.ts";
import { allOf, judge, type Row } from "./table.ts";
import { infoRow, notRun, targetRow } from "./targets.ts";

type Case = {
  streams: number;
  /** Which instance(s) the clients connect to; writes always go to A. */
  on: "A" | "B" | "A+B";
  writes: number;
  spacingMs: number;
  burstMs: number;
};

function casesFor(mode: Mode, quick: boolean): Case[] {
  const w = quick ? 10 : 30;
  if (mode === "embedded") {
    return quick ? [{ streams: 1_000, on: "A", writes: w, spacingMs: 100, burstMs: 1_000 }] : [
      { streams: 1_000, on: "A", writes: w, spacingMs: 100, burstMs: 0 },
      { streams: 10_000, on: "A", writes: 20, spacingMs: 150, burstMs: 3_000 },
    ];
  }
  return quick ? [{ streams: 1_000, on: "B", writes: w, spacingMs: 100, burstMs: 0 }] : [
    { streams: 1_000, on: "B", writes: w, spacingMs: 100, burstMs: 0 },
    { streams: 1_000, on: "A+B", writes: 20, spacingMs: 100, burstMs: 0 },
    { streams: 10_000, on: "A+B", writes: 20, spacingMs: 150, burstMs: 3_000 },
  ];
}

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

async function runCase(ctx: BenchContext, cl: Cluster, writer: Writer, c: Case, base: number) {
  const targets = c.on === "A" ? [cl.writer] : c.on === "B" ? [cl.reader] : cl.instances;
  const key = cl.projects[0]!.sdkKey;
  const pools: ClientPool[] = [];
  try {
    const opened = await Promise.allSettled(targets.map((inst, i) =>
      ClientPool.open({
        url: inst.url,
        key,
        count: Math.round(c.streams / targets.length),
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
      ctx.log(`  ${failed} streams failed to connect: ${pools[0]!.connected.errors[0]}`);
    }
    const skew = Math.max(...await Promise.all(pools.map((p) => p.clockSkew())));
    await sleep(500);
    ctx.signal.throwIfAborted();

    const cpu0 = await cpu(cl.instances);
    const writes: Write[] = [];
    for (let i = 1; i <= c.writes; i++) {
      const t0 = performance.now();
      writes.push(await writer.put(WATCHED, watchedState(base + i)));
      await sleep(Math.max(0, c.spacingMs - (performance.now() - t0)));
    }
    await Promise.all(pools.map((p) => p.waitForSeq(base + c.writes, 5_000)));
    const cpuMs = await cpu(cl.instances) - cpu0;
    ctx.signal.throwIfAborted();

    let burst: { latencies: number[]; final: number; have: number } | null = null;
    if (c.burstMs > 0) {
      const latencies: number[] = [];
      let seq = base + c.writes;
      const end = performance.now() + c.burstMs;
      while (performance.now() < end) {
        const w = await writer.put(WATCHED, watchedState(++seq));
        latencies.push(w.ack - w.start);
      }
      await Promise.all(pools.map((p) => p.waitForSeq(seq, 5_000)));
      const have = (await Promise.all(pools.map((p) => p.status(seq)))).reduce(
        (s, x) => s + x.have,
        0,
      );
      burst = { latencies, final: seq, have };
    }
    const result = analyze(await Promise.all(pools.map((p) => p.report())), writes);
    const cpuPerDelivery = (cpuMs * 1000) / (c.writes * Math.max(1, inited));
    return {
      result,
      inited,
      skew,
      cpuPerDelivery,
      burst,
      lastSeq: burst?.final ?? base + c.writes,
    };
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
}

function rowsFor(mode: Mode, c: Case, out: Awaited<ReturnType<typeof runCase>>): Row[] {
  const r = out.result;
  const share = r.streams === 0 ? 0 : r.complete / r.streams;
  const measured = `p99 ${formatMs(r.fromAck?.p99 ?? NaN)} (from write start ${
    formatMs(r.fromStart?.p99 ?? NaN)
  }); ${formatPercent(share)} of ${formatCount(r.streams)} got all ${c.writes}`;
  const where = mode === "embedded" ? "embedded" : `postgres, clients on ${c.on}`;
  const p99 = r.fromAck?.p99;
  const rows: Row[] = [];
  if (mode === "embedded" && c.streams === 1_000) {
    rows.push(targetRow("prop1k", where, measured, judge(p99, 10, "max")));
  } else if (mode === "embedded" && c.streams === 10_000) {
    rows.push(
      targetRow("prop10k", where, measured, allOf(judge(p99, 25, "max"), judge(share, 1, "min"))),
    );
  } else if (c.streams === 1_000 && c.on === "B") {
    rows.push(targetRow("propPg1k", where, measured, judge(p99, 50, "max")));
  } else {
    rows.push(
      infoRow(
        `Propagation p99, write 2xx → SDK, ${formatCount(c.streams)} streams`,
        where,
        measured,
      ),
    );
  }
  if (out.burst) {
    const s = summarize(out.burst.latencies);
    const text = `p99 ${formatMs(s?.p99 ?? NaN)} over ${out.burst.latencies.length} PUTs; ${
      formatPercent(out.burst.have / Math.max(1, r.streams))
    } of streams got the final value`;
    const modeText = mode === "embedded" ? "embedded" : "postgres (write A)";
    rows.push(
      c.streams === 10_000
        ? targetRow("putFanout", modeText, text, judge(s?.p99, 20, "max"))
        : infoRow(
          `Admin PUT p99 while fanning out to ${formatCount(c.streams)} streams`,
          modeText,
          text,
        ),
    );
  }
  return rows;
}

export async function propagation(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  for (const mode of ctx.modes) {
    const ids = mode === "embedded"
      ? (["prop1k", "prop10k", "putFanout"] as const)
      : (["propPg1k"] as const);
    if (mode === "postgres" && ctx.postgresProblem) {
      rows.push(
        ...ids.map((id) => notRun(id, mode, `Postgres unreachable: ${ctx.postgresProblem}`)),
      );
      continue;
    }
    await withCluster(ctx, mode, [SMALL], async (cl) => {
      const project = cl.projects[0]!;
      const writer = adminWriter(cl.writer.url, cl.adminKey, project.projectId);
      const problem = await adminUnavailable(writer, WATCHED, watchedState(0));
      if (problem) return void rows.push(...ids.map((id) => notRun(id, mode, problem)));
      let seq = 0;
      for (const c of casesFor(mode, ctx.quick)) {
        ctx.signal.throwIfAborted();
        ctx.log(`  ${mode}: ${formatCount(c.streams)} streams on ${c.on}, ${c.writes} writes`);
        const out = await runCase(ctx, cl, writer, c, seq);
        seq = out.lastSeq;
        const r = out.result;
        ctx.log(`    from 2xx: ${formatSummaryMs(r.fromAck)}`);
        ctx.log(
          `    from start: ${formatSummaryMs(r.fromStart)}; last stream per write: ${
            formatSummaryMs(r.lastArrival)
          }`,
        );
        ctx.log(
          `    complete ${r.complete}/${r.streams}, dups ${r.dups}, out of order ${r.outOfOrder}, closed ${r.closed}; clock skew ≤ ${
            formatMs(out.skew)
          }; server CPU ${out.cpuPerDelivery.toFixed(1)} µs per stream per change`,
        );
        rows.push(...rowsFor(mode, c, out));
      }
      if (ctx.quick && mode === "embedded") {
        rows.push(
          notRun("prop10k", mode, "skipped by --quick"),
          notRun("putFanout", mode, "skipped by --quick"),
        );
      }
    });
  }
  return rows;
}
