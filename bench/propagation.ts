// 1. Propagation latency: N streams held by load-client processes; a writer PUTs the watched
// config M times through the admin API, spaced apart; each client timestamps each value's
// arrival. A burst of back-to-back PUTs then measures write latency while fan-out runs. The
// same clients against a bare Deno.serve that enqueues one frame per stream give the floor.
import { adminUnavailable, adminWriter, type Writer } from "./admin.ts";
import { withCluster } from "./cluster.ts";
import { type BenchContext, type Mode, wallNow } from "./context.ts";
import { type Case, type CaseOutcome, runCase } from "./propagation_case.ts";
import { SMALL, WATCHED, watchedState } from "./seed.ts";
import { startInstance } from "./server.ts";
import { formatCount, formatMs, formatPercent, formatSummaryMs, summarize } from "./stats.ts";
import { allOf, judge, type Row } from "./table.ts";
import { infoRow, notRun, targetRow } from "./targets.ts";

function casesFor(mode: Mode, quick: boolean): Case[] {
  if (mode === "embedded") {
    return quick
      ? [{
        streams: 1_000,
        on: "A",
        writes: 10,
        spacingMs: 100,
        burstMs: 1_000,
        convergeTimeoutMs: 5_000,
      }]
      : [
        { streams: 1_000, on: "A", writes: 30, spacingMs: 100, burstMs: 0, convergeTimeoutMs: 0 },
        {
          streams: 10_000,
          on: "A",
          writes: 20,
          spacingMs: 400,
          burstMs: 3_000,
          convergeTimeoutMs: 15_000,
        },
      ];
  }
  return quick
    ? [{ streams: 1_000, on: "B", writes: 10, spacingMs: 100, burstMs: 0, convergeTimeoutMs: 0 }]
    : [
      { streams: 1_000, on: "B", writes: 30, spacingMs: 100, burstMs: 0, convergeTimeoutMs: 0 },
      { streams: 1_000, on: "A+B", writes: 20, spacingMs: 100, burstMs: 0, convergeTimeoutMs: 0 },
      {
        streams: 10_000,
        on: "A+B",
        writes: 20,
        spacingMs: 400,
        burstMs: 3_000,
        convergeTimeoutMs: 15_000,
      },
    ];
}

function logOutcome(ctx: BenchContext, out: CaseOutcome) {
  const r = out.result;
  ctx.log(`    from 2xx:   ${formatSummaryMs(r.fromAck)}`);
  ctx.log(`    from start: ${formatSummaryMs(r.fromStart)}`);
  ctx.log(`    last stream per write, from start: ${formatSummaryMs(r.lastArrival)}`);
  ctx.log(
    `    complete ${r.complete}/${r.streams}, dups ${r.dups}, out of order ${r.outOfOrder}, ` +
      `closed ${r.closed}; clocks ${
        out.clock.outside > 0 ? `off by up to ${formatMs(out.clock.outside)}` : "agree"
      } (window ${formatMs(out.clock.window)}); CPU per stream per change: ` +
      `server ${out.serverCpuUs.toFixed(1)} µs, clients ${out.clientCpuUs.toFixed(1)} µs`,
  );
  if (out.burst) {
    const s = summarize(out.burst.latencies);
    const b = out.burst;
    ctx.log(
      `    burst: ${b.latencies.length} PUTs, ${formatSummaryMs(s)}; last value everywhere ${
        Number.isNaN(b.convergedMs)
          ? `not within the wait (${b.have} streams had it)`
          : `after ${formatMs(b.convergedMs)}`
      }`,
    );
  }
}

function measuredText(c: Case, out: CaseOutcome): { text: string; share: number } {
  const r = out.result;
  const share = r.streams === 0 ? 0 : r.complete / r.streams;
  const text = `p99 ${formatMs(r.fromAck?.p99 ?? NaN)} (from write start ${
    formatMs(r.fromStart?.p99 ?? NaN)
  }); ${formatPercent(share)} of ${formatCount(r.streams)} got all ${c.writes}`;
  return { text, share };
}

function rowsFor(mode: Mode, c: Case, out: CaseOutcome): Row[] {
  const { text, share } = measuredText(c, out);
  const where = mode === "embedded" ? "embedded" : `postgres, clients on ${c.on}`;
  const p99 = out.result.fromAck?.p99;
  const rows: Row[] = [];
  if (mode === "embedded" && c.streams === 1_000) {
    rows.push(targetRow("prop1k", where, text, judge(p99, 10, "max")));
  } else if (mode === "embedded" && c.streams === 10_000) {
    const verdict = allOf(judge(p99, 25, "max"), judge(share, 1, "min"));
    rows.push(targetRow("prop10k", where, text, verdict));
  } else if (c.streams === 1_000 && c.on === "B") {
    rows.push(targetRow("propPg1k", where, text, judge(p99, 50, "max")));
  } else {
    const metric = `Propagation p99, write 2xx → SDK, ${formatCount(c.streams)} streams`;
    rows.push(infoRow(metric, where, text));
  }
  if (out.burst) {
    const s = summarize(out.burst.latencies);
    const b = out.burst;
    const converged = Number.isNaN(b.convergedMs)
      ? `after ${formatMs(c.convergeTimeoutMs)} only ${
        formatPercent(b.have / Math.max(1, out.result.streams))
      } of streams had the last value`
      : `every stream had the last value ${formatMs(b.convergedMs)} after its 2xx`;
    const text = `p99 ${formatMs(s?.p99 ?? NaN)} over ${b.latencies.length} PUTs; ${converged}`;
    const modeText = mode === "embedded" ? "embedded" : "postgres (write A)";
    const metric = `Admin PUT p99 while fanning out to ${formatCount(c.streams)} streams`;
    rows.push(
      c.streams === 10_000
        ? targetRow(
          "putFanout",
          modeText,
          text,
          // Fast writes only count if the fan-out behind them still converges.
          allOf(judge(s?.p99, 20, "max"), Number.isNaN(b.convergedMs) ? "miss" : "pass"),
        )
        : infoRow(metric, modeText, text),
    );
  }
  return rows;
}

/** The same measurement against bench/bare_server.ts: POST /broadcast is the "write". */
async function bareFloor(ctx: BenchContext, streams: number): Promise<Row> {
  const bare = await startInstance({ name: "bare-fanout", env: {}, bare: true });
  try {
    const writer: Writer = {
      async put(_name, state) {
        const start = wallNow();
        const res = await fetch(`${bare.url}/broadcast`, {
          method: "POST",
          body: String(state.base.value),
        });
        await res.text();
        return { start, ack: wallNow(), status: res.status };
      },
    };
    const c: Case = {
      streams,
      on: "A",
      writes: 20,
      spacingMs: streams > 1_000 ? 400 : 100,
      burstMs: 0,
      convergeTimeoutMs: 0,
    };
    ctx.log(`  bare Deno.serve: ${formatCount(streams)} streams, ${c.writes} broadcasts`);
    const setup = { instances: [bare], targets: [bare], key: "none", path: "/sse" };
    const out = await runCase(ctx, setup, writer, c, 0);
    logOutcome(ctx, out);
    const metric = `Bare Deno.serve fan-out, ${formatCount(streams)} streams`;
    return infoRow(metric, "floor", measuredText(c, out).text);
  } finally {
    await bare.stop();
  }
}

export async function propagation(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  for (const mode of ctx.modes) {
    const ids = mode === "embedded"
      ? (["prop1k", "prop10k", "putFanout"] as const)
      : (["propPg1k"] as const);
    if (mode === "postgres" && ctx.postgresProblem) {
      const why = `Postgres unreachable: ${ctx.postgresProblem}`;
      rows.push(...ids.map((id) => notRun(id, mode, why)));
      continue;
    }
    await withCluster(ctx, mode, [SMALL], async (cl) => {
      const writer = adminWriter(cl.writer.url, cl.adminKey, cl.projects[0]!.projectId);
      const problem = await adminUnavailable(writer, WATCHED, watchedState(0));
      if (problem) return void rows.push(...ids.map((id) => notRun(id, mode, problem)));
      let seq = 0;
      for (const c of casesFor(mode, ctx.quick)) {
        ctx.signal.throwIfAborted();
        ctx.log(`  ${mode}: ${formatCount(c.streams)} streams on ${c.on}, ${c.writes} writes`);
        const targets = c.on === "A" ? [cl.writer] : c.on === "B" ? [cl.reader] : cl.instances;
        const setup = { instances: cl.instances, targets, key: cl.projects[0]!.sdkKey };
        const out = await runCase(ctx, setup, writer, c, seq);
        seq = out.lastSeq;
        logOutcome(ctx, out);
        rows.push(...rowsFor(mode, c, out));
      }
      if (ctx.quick && mode === "embedded") {
        rows.push(notRun("prop10k", mode, "skipped by --quick"));
        rows.push(notRun("putFanout", mode, "skipped by --quick"));
      }
    });
  }
  rows.push(await bareFloor(ctx, ctx.quick ? 1_000 : 10_000));
  return rows;
}
