// 2. Connection density: server RSS with 0, 1,000 and 10,000 idle streams (and, in a full run,
// as many as the open-files limit allows), bytes per stream, and the connect rate with 200
// streams pending at once. A bare Deno.serve holding the same number of streams is the floor.
import { ClientPool } from "./clients.ts";
import { withCluster } from "./cluster.ts";
import { type BenchContext, type Mode, sleep } from "./context.ts";
import { SMALL, WATCHED } from "./seed.ts";
import { type Instance, startInstance } from "./server.ts";
import { formatBytes, formatCount } from "./stats.ts";
import { allOf, judge, type Row } from "./table.ts";
import { infoRow, notRun, targetRow } from "./targets.ts";

const SETTLE_MS = 2_000;
const CEILING = 19_500;

/** Settles, then the median of three RSS readings 200 ms apart. */
async function settledRss(instance: Instance): Promise<number> {
  await sleep(SETTLE_MS);
  const xs: number[] = [];
  for (let i = 0; i < 3; i++) (xs.push(await instance.rssBytes()), await sleep(200));
  return xs.sort((a, b) => a - b)[1]!;
}

type Step = { pool: ClientPool; serverCpuMs: number };

async function addStreams(
  ctx: BenchContext,
  target: Instance,
  key: string,
  count: number,
  addressOffset: number,
  path?: string,
): Promise<Step> {
  ctx.signal.throwIfAborted();
  const cpu0 = await target.cpuMs();
  const pool = await ClientPool.open({
    url: target.url,
    path,
    key,
    count,
    addressOffset,
    seqBase: 0,
    maxSeq: 1,
    watch: WATCHED,
    readyTimeoutMs: 90_000,
  });
  const c = pool.connected;
  ctx.log(
    `    +${formatCount(c.inited)} streams (${c.failed} failed${
      c.failed ? `: ${c.errors[0]}` : ""
    }) at ${formatCount(c.ratePerSecond)}/s; server CPU ${
      await target.cpuMs() - cpu0
    } ms, clients ${await pool.cpuMs()} ms`,
  );
  return { pool, serverCpuMs: await target.cpuMs() - cpu0 };
}

async function measure(
  ctx: BenchContext,
  mode: Mode,
  target: Instance,
  key: string,
): Promise<Row[]> {
  const pools: ClientPool[] = [];
  const where = mode === "embedded" ? "embedded" : "postgres, on B";
  try {
    const rss0 = await settledRss(target);
    ctx.log(`  ${mode}: idle RSS ${formatBytes(rss0)}`);
    pools.push((await addStreams(ctx, target, key, 1_000, 0)).pool);
    const rss1k = await settledRss(target);
    const step = await addStreams(ctx, target, key, 9_000, 2);
    pools.push(step.pool);
    const rss10k = await settledRss(target);
    const open10k = pools.reduce((s, p) => s + p.connected.inited, 0);
    const perStream = (rss10k - rss0) / open10k;
    ctx.log(
      `    RSS ${formatBytes(rss1k)} at 1,000, ${formatBytes(rss10k)} at ${formatCount(open10k)}: ${
        formatBytes(perStream)
      } per stream`,
    );
    const rate = step.pool.connected.ratePerSecond;
    const rows = [
      targetRow("idleRss", where, formatBytes(rss0), judge(rss0, 80e6, "max")),
      targetRow(
        "perStream",
        where,
        `${formatBytes(perStream)} (RSS ${formatBytes(rss1k)} at 1,000, ${formatBytes(rss10k)} at ${
          formatCount(open10k)
        })`,
        allOf(judge(perStream, 10_000, "max"), judge(open10k, 10_000, "min")),
      ),
      targetRow(
        "connectRate",
        where,
        `${formatCount(rate)}/s (9,000 streams)`,
        judge(rate, 5_000, "min"),
      ),
    ];
    if (ctx.quick || mode !== "embedded") return rows;
    pools.push((await addStreams(ctx, target, key, CEILING - open10k, 6)).pool);
    const rssMax = await settledRss(target);
    const open = pools.reduce((s, p) => s + p.connected.inited, 0);
    ctx.log(`    ${formatCount(open)} streams: RSS ${formatBytes(rssMax)}`);
    rows.push(targetRow(
      "streamsMax",
      where,
      `${formatCount(open)} of ${formatCount(CEILING)} tried, RSS ${formatBytes(rssMax)}`,
      allOf(judge(open, CEILING, "min"), judge(rssMax, 300e6, "max")),
    ));
    return rows;
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
}

/** The same 10,000 idle streams on a bare Deno.serve (ReadableStream bodies). */
async function bareFloor(ctx: BenchContext): Promise<Row> {
  const bare = await startInstance({ name: "bare-sse", env: {}, bare: true });
  let pool: ClientPool | null = null;
  try {
    const rss0 = await settledRss(bare);
    pool = (await addStreams(ctx, bare, "none", 10_000, 0, "/sse")).pool;
    const rss = await settledRss(bare);
    const per = (rss - rss0) / pool.connected.inited;
    ctx.log(
      `  bare Deno.serve: idle ${formatBytes(rss0)}, ${formatBytes(rss)} with 10,000 streams: ${
        formatBytes(per)
      } per stream`,
    );
    return infoRow(
      "Bare Deno.serve: memory per idle SSE stream",
      "floor",
      `${formatBytes(per)} (idle ${formatBytes(rss0)}, ${formatBytes(rss)} at 10,000)`,
    );
  } finally {
    await pool?.close();
    await bare.stop();
  }
}

export async function density(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  for (const mode of ctx.modes) {
    if (mode === "postgres" && ctx.postgresProblem) {
      const why = `Postgres unreachable: ${ctx.postgresProblem}`;
      rows.push(notRun("idleRss", mode, why), notRun("perStream", mode, why));
      continue;
    }
    await withCluster(ctx, mode, [SMALL], async (cl) => {
      rows.push(...await measure(ctx, mode, cl.reader, cl.projects[0]!.sdkKey));
    });
  }
  if (ctx.quick) {
    if (ctx.modes.includes("embedded")) {
      rows.push(notRun("streamsMax", "embedded", "skipped by --quick"));
    }
  } else rows.push(await bareFloor(ctx));
  return rows;
}
