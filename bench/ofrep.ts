// OFREP throughput: wrk POSTing one-flag evaluations, bulk evaluations answered 304 (the
// client's ETag still holds) and bulk evaluations answered 200, each against a bare Deno.serve
// answering the very bytes Dialtone answered (bench/ofrep_bare.ts), in the same run. The
// floor reads no request body and evaluates nothing: the ratio is what OFREP costs on top of
// the runtime's HTTP path. A second floor reads the request as any OFREP server must (headers
// and body) and then answers the same bytes; it is shown beside the verdict, not judged.
import { removeDir, tempDir, trackChild } from "./cleanup.ts";
import { withCluster } from "./cluster.ts";
import type { BenchContext } from "./context.ts";
import { SMALL, WATCHED } from "./seed.ts";
import { cpuMsOf, freePort, waitFor200 } from "./server.ts";
import { parseWrk, type WrkResult } from "./snapshot.ts";
import { formatCount, formatMs } from "./stats.ts";
import { judge, type Row } from "./table.ts";

const CONTEXT = { targetingKey: "user-42", plan: "free", userId: "user-42" };
const BARE = new URL("./ofrep_bare.ts", import.meta.url).pathname;

type Case = {
  id: string;
  metric: string;
  path: string;
  headers: Record<string, string>;
  /** Verdict threshold as a ratio to the floor; null for an informational row. */
  min: number | null;
};

async function wrk(dir: string, url: string, c: Case, seconds: number): Promise<WrkResult> {
  const headers = { "Content-Type": "application/json", ...c.headers };
  const lua = [
    `wrk.method = "POST"`,
    `wrk.body = '${JSON.stringify({ context: CONTEXT })}'`,
    ...Object.entries(headers).map(([k, v]) => `wrk.headers["${k}"] = '${v}'`),
  ].join("\n");
  const script = `${dir}/${c.id}-${crypto.randomUUID()}.lua`;
  await Deno.writeTextFile(script, lua);
  const args = ["-t1", "-c32", `-d${seconds}s`, "--latency", "--timeout", "5s", "-s", script, url];
  const child = trackChild(
    new Deno.Command("wrk", { args, stdout: "piped", stderr: "piped" }).spawn(),
  );
  const out = await child.output();
  if (!out.success) throw new Error(`wrk failed: ${new TextDecoder().decode(out.stderr)}`);
  return parseWrk(new TextDecoder().decode(out.stdout));
}

const show = (r: WrkResult) => `${formatCount(r.rps)} req/s, p99 ${formatMs(r.p99Ms)}`;

/** What Dialtone answered for `c`, as the bare server replays it. */
async function record(url: string, c: Pick<Case, "path" | "headers">) {
  const res = await fetch(`${url}${c.path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...c.headers },
    body: JSON.stringify({ context: CONTEXT }),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const headers: Record<string, string> = {};
  for (const [k, v] of res.headers) {
    if (!["content-length", "date", "transfer-encoding", "connection"].includes(k)) headers[k] = v;
  }
  const body = bytes.length === 0 ? null : btoa(String.fromCharCode(...bytes));
  return { status: res.status, headers, body, etag: res.headers.get("etag") };
}

type Target = { url: string; cpuMs: () => Promise<number> };

/**
 * `rounds` pairs of wrk runs (ours, then the floor). The verdict's ratio is the median of the
 * rounds' throughput ratios; server CPU per request (from /proc) is shown beside it, as it
 * depends far less on what else runs on the machine.
 */
async function measure(
  ctx: BenchContext,
  rounds: number,
  seconds: number,
  c: Case,
  t: { ours: Target; bare: Target; reading: Target },
  dir: string,
) {
  const runs: {
    ours: WrkResult;
    bare: WrkResult;
    reading: WrkResult;
    oursCpu: number;
    bareCpu: number;
  }[] = [];
  let bad = 0;
  for (let i = 0; i < rounds; i++) {
    ctx.signal.throwIfAborted();
    const one = async (target: Target) => {
      const before = await target.cpuMs();
      const r = await wrk(dir, target.url, c, seconds);
      return { r, cpuUs: ((await target.cpuMs()) - before) * 1000 / Math.max(1, r.requests) };
    };
    const ours = await one(t.ours);
    const floor = await one(t.bare);
    const reading = await one(t.reading);
    bad += ours.r.bad + floor.r.bad + reading.r.bad;
    runs.push({
      ours: ours.r,
      bare: floor.r,
      reading: reading.r,
      oursCpu: ours.cpuUs,
      bareCpu: floor.cpuUs,
    });
  }
  runs.sort((a, b) => a.ours.rps / a.bare.rps - b.ours.rps / b.bare.rps);
  const mid = runs[Math.floor(runs.length / 2)]!;
  const ratio = mid.ours.rps / mid.bare.rps;
  const cpu = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const oursCpu = cpu(runs.map((r) => r.oursCpu));
  const bareCpu = cpu(runs.map((r) => r.bareCpu));
  const readingRatio = cpu(runs.map((r) => r.ours.rps / r.reading.rps));
  const measured = `${show(mid.ours)} = ${ratio.toFixed(2)}× bare (${show(mid.bare)}); ` +
    `CPU ${oursCpu.toFixed(0)} µs/req vs ${bareCpu.toFixed(0)}; ` +
    `${readingRatio.toFixed(2)}× a floor that reads the request (median of ${rounds} rounds)`;
  return { ratio, measured, bad };
}

async function startBare(answersFile: string) {
  const port = freePort();
  const child = trackChild(
    new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", BARE],
      env: { PORT: String(port), OFREP_ANSWERS: answersFile },
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn(),
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor200(`${url}/health`, 10_000);
  return {
    url,
    pid: child.pid,
    stop: async () => {
      child.kill("SIGTERM");
      await child.status;
    },
  };
}

export async function ofrep(ctx: BenchContext): Promise<Row[]> {
  const missing = await new Deno.Command("wrk", { args: ["-v"], stdout: "null", stderr: "null" })
    .output().then(() => null, () => "wrk is not installed (apt-get install -y wrk)");
  const rows: Row[] = [];
  const notRun = (metric: string, mode: string, why: string): Row => ({
    metric,
    mode,
    measured: "—",
    target: "—",
    replane: "no OFREP",
    verdict: "not run",
    note: why,
  });
  if (missing) return [notRun("OFREP one-flag evaluation vs bare Deno.serve", "all", missing)];
  // Rounds alternate ours and the floor, so a burst of load from elsewhere hits both alike.
  const rounds = ctx.quick ? 2 : 3;
  const seconds = ctx.quick ? 2 : 3;
  for (const mode of ctx.modes) {
    if (mode === "postgres" && ctx.postgresProblem) {
      rows.push(notRun("OFREP evaluations", mode, `Postgres unreachable: ${ctx.postgresProblem}`));
      continue;
    }
    await withCluster(ctx, mode, [SMALL], async (cl) => {
      const key = cl.projects[0]!.sdkKey;
      const auth = { Authorization: `Bearer ${key}` };
      const bulkPath = "/ofrep/v1/evaluate/flags";
      const first = await record(cl.reader.url, { path: bulkPath, headers: auth });
      const cases: Case[] = [
        {
          id: "single",
          metric: "OFREP one-flag evaluation (2 overrides) vs bare Deno.serve",
          path: `/ofrep/v1/evaluate/flags/${WATCHED}`,
          headers: auth,
          min: 0.7,
        },
        {
          id: "bulk304",
          metric: "OFREP bulk evaluation answered 304 vs bare Deno.serve",
          path: bulkPath,
          headers: { ...auth, "If-None-Match": first.etag ?? "" },
          min: 0.9,
        },
        {
          id: "bulk200",
          metric: `OFREP bulk evaluation answered 200 (${cl.projects[0]!.configCount} flags)`,
          path: bulkPath,
          headers: auth,
          min: null,
        },
      ];
      const dir = await tempDir("ofrep");
      try {
        const answers: Record<string, unknown> = {};
        for (const c of cases) {
          const r = await record(cl.reader.url, c);
          if (r.status !== (c.id === "bulk304" ? 304 : 200)) {
            throw new Error(`${c.path} answered ${r.status}: ${r.body && atob(r.body)}`);
          }
          answers[`/${c.id}`] = { status: r.status, headers: r.headers, body: r.body };
        }
        await Deno.writeTextFile(`${dir}/answers.json`, JSON.stringify(answers));
        const bare = await startBare(`${dir}/answers.json`);
        try {
          for (const c of cases) {
            const m = await measure(ctx, rounds, seconds, c, {
              ours: { url: `${cl.reader.url}${c.path}`, cpuMs: () => cl.reader.cpuMs() },
              bare: { url: `${bare.url}/${c.id}`, cpuMs: () => cpuMsOf(bare.pid) },
              reading: { url: `${bare.url}/read/${c.id}`, cpuMs: () => cpuMsOf(bare.pid) },
            }, dir);
            ctx.log(`  ${c.id}: ${m.measured}`);
            rows.push({
              metric: c.metric,
              mode: mode === "embedded" ? "embedded" : "postgres, on B",
              measured: m.measured,
              target: c.min === null ? "—" : `≥ ${c.min}× bare`,
              replane: "no OFREP",
              verdict: c.min === null ? "info" : judge(m.ratio, c.min, "min"),
              note: m.bad > 0 ? `${m.bad} failed requests` : undefined,
            });
          }
        } finally {
          await bare.stop();
        }
      } finally {
        await removeDir(dir);
      }
    });
  }
  return rows;
}
