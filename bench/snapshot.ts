// 3. Snapshot throughput: wrk against GET /api/sdk/v1/configs for a 2 kB and a 100 kB
// environment, and against a bare Deno.serve answering the same bytes, interleaved.
import { removeDir, tempDir, trackChild } from "./cleanup.ts";
import { withCluster } from "./cluster.ts";
import type { BenchContext } from "./context.ts";
import { LARGE, SMALL } from "./seed.ts";
import { startInstance } from "./server.ts";
import { formatBytes, formatCount, formatMs } from "./stats.ts";
import { judge, type Row } from "./table.ts";
import { infoRow, notRun, targetRow } from "./targets.ts";

export type WrkResult = {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  bad: number;
  requests: number;
};

const UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/** Reads wrk's `--latency` report. */
export function parseWrk(text: string): WrkResult {
  const latency = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, "m").exec(text);
    return m ? Number(m[1]) * UNITS[m[2]!]! : NaN;
  };
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(text);
  const requests = /^\s+(\d+) requests in/m.exec(text);
  const bad = /Non-2xx or 3xx responses:\s+(\d+)/.exec(text);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const socketErrors = errors ? errors.slice(1).reduce((s, x) => s + Number(x), 0) : 0;
  return {
    rps: rps ? Number(rps[1]) : NaN,
    p50Ms: latency("50"),
    p99Ms: latency("99"),
    bad: (bad ? Number(bad[1]) : 0) + socketErrors,
    requests: requests ? Number(requests[1]) : 0,
  };
}

async function wrk(url: string, headers: Record<string, string>, seconds: number) {
  const args = ["-t1", "-c32", `-d${seconds}s`, "--latency", "--timeout", "5s"];
  for (const [k, v] of Object.entries(headers)) args.push("-H", `${k}: ${v}`);
  const child = trackChild(
    new Deno.Command("wrk", { args: [...args, url], stdout: "piped", stderr: "piped" }).spawn(),
  );
  const out = await child.output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) throw new Error(`wrk failed: ${new TextDecoder().decode(out.stderr)}`);
  return parseWrk(text);
}

const show = (r: WrkResult) => `${formatCount(r.rps)} req/s, p99 ${formatMs(r.p99Ms)}`;

export async function snapshot(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const wrkMissing = await new Deno.Command("wrk", { args: ["-v"], stdout: "null", stderr: "null" })
    .output().then(() => null, () => "wrk is not installed (apt-get install -y wrk)");
  const seconds = ctx.quick ? 2 : 6;
  for (const mode of ctx.modes) {
    if (wrkMissing) return [notRun("snapshot2k", "all", wrkMissing)];
    if (mode === "postgres" && ctx.postgresProblem) {
      rows.push(notRun("snapshot2k", mode, `Postgres unreachable: ${ctx.postgresProblem}`));
      continue;
    }
    await withCluster(ctx, mode, [SMALL, LARGE], async (cl) => {
      const dir = await tempDir("bodies");
      const keys: Record<string, string> = {};
      try {
        for (const p of cl.projects) {
          const res = await fetch(`${cl.reader.url}/api/sdk/v1/configs`, {
            headers: { Authorization: `Bearer ${p.sdkKey}` },
          });
          const bytes = new Uint8Array(await res.arrayBuffer());
          if (res.status !== 200) {
            rows.push(notRun("snapshot2k", mode, `GET /api/sdk/v1/configs answered ${res.status}`));
            return;
          }
          await Deno.writeFile(`${dir}/${p.name}`, bytes);
          keys[p.name] = p.sdkKey;
          ctx.log(`  ${p.name}: ${formatBytes(bytes.length)}, ${p.configCount} configs`);
        }
        const bare = await startInstance({ name: "bare", env: { BODY_DIR: dir }, bare: true });
        try {
          for (const p of cl.projects) {
            ctx.signal.throwIfAborted();
            const size = formatBytes((await Deno.stat(`${dir}/${p.name}`)).size);
            const auth = { Authorization: `Bearer ${keys[p.name]}` };
            const ours = await wrk(`${cl.reader.url}/api/sdk/v1/configs`, auth, seconds);
            const floor = await wrk(`${bare.url}/${p.name}`, {}, seconds);
            const ratio = ours.rps / floor.rps;
            ctx.log(
              `  ${size}: ours ${show(ours)}; bare ${show(floor)}; ratio ${ratio.toFixed(2)}`,
            );
            const measured = `${show(ours)} = ${ratio.toFixed(2)}× bare (${show(floor)})`;
            const note = ours.bad + floor.bad > 0
              ? `${ours.bad} failed requests (ours), ${floor.bad} (bare)`
              : undefined;
            const where = mode === "embedded" ? "embedded" : "postgres, on B";
            rows.push(
              p.name === SMALL.name
                ? targetRow("snapshot2k", where, measured, judge(ratio, 0.8, "min"), note)
                : infoRow(`Snapshot GET ${size} env vs bare Deno.serve`, where, measured, note),
            );
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
