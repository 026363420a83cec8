// The hostile-input run (issue 22): a Dialtone in its own process, a few thousand hostile
// requests to every admin, SDK and OFREP route from every kind of caller, a Worker probing
// /api/health throughout, and the database compared before and after. See hostile_cases.ts
// for what is sent.
import { loadConfig } from "../../src/config/config.ts";
import { silentLogger } from "../../src/log.ts";
import { openPrimaryStore } from "../../src/server.ts";
import type { Store } from "../../src/store/store.ts";
import { Api, socket, SUPERUSER_KEY } from "./api.ts";
import { allHostileCases, type Case, makeFixture } from "./hostile_cases.ts";
import { dumpTables } from "./hostile_run.ts";
import { type ProbeReport, startHealthProbe } from "./health_probe.ts";
import { startDialtone } from "./process.ts";

export type FuzzResult = {
  count: number;
  failures: string[];
  probe: ProbeReport;
  alive: boolean;
  peakRssMiB: number;
  /** The cases that took longest, for a failure message. */
  slowest: string[];
  /**
   * How much longer than its CPU time the server's main thread took, from waiting for a core
   * (/proc/PID/schedstat): 1 on an idle machine, 3 when other work keeps it waiting.
   */
  stretch: number;
};

/** [ns on a CPU, ns waiting to run] of a process's main thread. */
function schedstat(pid: number): [number, number] {
  try {
    const [run, wait] = Deno.readTextFileSync(`/proc/${pid}/schedstat`).split(" ").map(Number);
    return [run ?? 0, wait ?? 0];
  } catch {
    return [0, 0];
  }
}

// Columns that change on every authenticated use, refused or not.
const VOLATILE = ["last_used_at", "last_seen_at"];

async function snapshot(store: Store): Promise<Record<string, string>> {
  const all = JSON.parse(await dumpTables(store)) as Record<string, string[]>;
  const stable = (row: string) => {
    const o = JSON.parse(row) as Record<string, unknown>;
    for (const column of VOLATILE) delete o[column];
    return JSON.stringify(o);
  };
  return Object.fromEntries(
    Object.entries(all).map(([t, rows]) => [t, JSON.stringify(rows.map(stable))]),
  );
}

/** The tables whose rows differ. */
function changed(a: Record<string, string>, b: Record<string, string>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((t) => a[t] !== b[t]);
}

function peakRss(pid: number): number {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

async function send(base: string, c: Case): Promise<{ status: number; text: string }> {
  const res = await fetch(`${base}${c.path}`, {
    method: c.method,
    headers: c.headers,
    body: c.body,
    signal: AbortSignal.timeout(30_000),
  });
  if ((res.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
    // A stream stays open: read what comes first, then hang up.
    const reader = res.body!.getReader();
    const first = await Promise.race([
      reader.read(),
      new Promise<null>((r) => setTimeout(() => r(null), 200)),
    ]);
    await reader.cancel().catch(() => {});
    const text = first && first.value ? new TextDecoder().decode(first.value) : "";
    return { status: res.status, text };
  }
  return { status: res.status, text: await res.text() };
}

/** Runs every hostile case against a fresh server; DATABASE_URL picks Postgres mode. */
export async function runHostileFuzz(seed: number, databaseUrl?: string): Promise<FuzzResult> {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-hostile-" });
  const env: Record<string, string> = {
    DATA_DIR: dir,
    SUPERUSER_API_KEY: SUPERUSER_KEY,
    TESTING_MODE: "true",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  const proc = await startDialtone(env);
  let exited = false;
  proc.child.status.then(() => exited = true);
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(loaded.problems.join("; "));
  const store = await openPrimaryStore(loaded.config, silentLogger);
  try {
    const su = new Api(socket(proc.url), { bearer: SUPERUSER_KEY });
    const fixture = await makeFixture(su);
    const cases = await allHostileCases(fixture, su, seed);
    const failures: string[] = [];
    const timings: [number, string][] = [];
    let baseline = await snapshot(store);
    const probe = startHealthProbe(proc.url);
    const sched = schedstat(proc.pid);
    let group = "";
    for (const c of cases) {
      if (c.group !== group) {
        const now = await snapshot(store);
        const tables = changed(baseline, now);
        if (tables.length > 0) failures.push(`"${group}" changed ${tables.join(", ")}`);
        baseline = now;
        group = c.group;
      }
      const label = `${c.group}: ${c.method} ${c.path.slice(0, 100)} (${c.label})`;
      const started = performance.now();
      try {
        const reply = await send(proc.url, c);
        timings.push([performance.now() - started, label]);
        const problem = reply.status >= 500
          ? `answered ${reply.status}`
          : c.check(reply.status, reply.text, `${c.path} ${String(c.body ?? "")}`);
        if (problem) failures.push(`${label}: ${problem}: ${reply.text.slice(0, 160)}`);
      } catch (error) {
        if (!c.mayDrop) failures.push(`${label}: the request failed: ${error}`);
      }
      if (exited) {
        failures.push(`${label}: the server process exited`);
        break;
      }
    }
    const tables = changed(baseline, await snapshot(store));
    if (tables.length > 0) failures.push(`"${group}" changed ${tables.join(", ")}`);
    const report = await probe.stop();
    const [run, wait] = schedstat(proc.pid).map((n, i) => n - sched[i]!);
    const health = await fetch(`${proc.url}/api/health`).then((r) => r.status, () => 0);
    return {
      count: cases.length,
      failures,
      probe: report,
      alive: !exited && health === 200,
      peakRssMiB: peakRss(proc.pid),
      stretch: run! > 0 ? (run! + wait!) / run! : 1,
      slowest: timings.sort((a, b) => b[0] - a[0]).slice(0, 12).map(([ms, l]) =>
        `${Math.round(ms)} ms ${l}`
      ),
    };
  } finally {
    await store.close();
    await proc.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

const FREEZE_MS = 250;

/**
 * What is wrong with a run: failed cases, a dead server, too few cases or probes, health
 * answers slower than 250 ms (stretched by how long the server waited for a core, so a
 * machine busy with other work does not count as a freeze), or runaway memory. The freezes
 * this catches last seconds (an n² check, a backtracking regex); at 100 ms the full suite's
 * own load tripped it with the slowest legitimate request at ~106 ms.
 */
export function runProblems(result: FuzzResult): string[] {
  const problems = [...result.failures];
  if (result.count < 2_000) problems.push(`only ${result.count} cases`);
  if (!result.alive) problems.push("the server is gone or unhealthy");
  if (result.probe.samples < 100) problems.push(`only ${result.probe.samples} health probes`);
  const allowed = FREEZE_MS * Math.max(1, result.stretch);
  const slow = result.probe.slow.filter((s) => s.error || s.ms >= allowed);
  if (slow.length > 0) {
    problems.push(
      `health answered in ${slow.map((s) => s.error ?? `${s.ms} ms`).join(", ")} (allowed ` +
        `${Math.round(allowed)} ms: ${FREEZE_MS} ms × ${
          result.stretch.toFixed(2)
        } for waiting on a ` +
        `core); slowest requests:\n${result.slowest.join("\n")}`,
    );
  }
  // A liveness bound on memory, not a measurement: the run sends several 17 MiB bodies.
  if (result.peakRssMiB > 1_500) problems.push(`peak RSS ${result.peakRssMiB} MiB`);
  return problems;
}
