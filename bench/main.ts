// deno-lint-ignore-file no-console
// `deno task bench [-- --quick] [--only a,b] [--mode embedded|postgres|both] [--json file]`
// Runs each section within its time budget, then prints one table: every measured number
// beside its TARGETS.md target and Replane's figure. Everything started is cleaned up, also
// on failure and Ctrl-C.
import { adminWrites } from "./admin_writes.ts";
import { cleanupAll, installSignalHandlers } from "./cleanup.ts";
import { coldStart } from "./cold_start.ts";
import type { BenchContext, Mode } from "./context.ts";
import { density } from "./density.ts";
import { evaluation } from "./evaluation.ts";
import { describeMachine, formatMachine } from "./machine.ts";
import { propagation } from "./propagation.ts";
import { relay } from "./relay.ts";
import { ofrep } from "./ofrep.ts";
import { snapshot } from "./snapshot.ts";
import { schedules } from "./schedules.ts";
import { renderTable, type Row, tally } from "./table.ts";
import { notRun, type TargetId } from "./targets.ts";
import { parseFlags, USAGE } from "./flags.ts";

type Section = {
  name: string;
  run: (ctx: BenchContext) => Promise<Row[]>;
  /** Seconds allowed: full run, quick run. */
  budget: [number, number];
  /** Rows to report as not run when the section fails. */
  targets: TargetId[];
};

const SECTIONS: Section[] = [
  { name: "evaluation", run: evaluation, budget: [30, 15], targets: ["evaluation"] },
  { name: "cold_start", run: coldStart, budget: [90, 45], targets: ["coldStart"] },
  { name: "snapshot", run: snapshot, budget: [90, 40], targets: ["snapshot2k"] },
  { name: "ofrep", run: ofrep, budget: [220, 90], targets: [] },
  { name: "admin_writes", run: adminWrites, budget: [50, 25], targets: [] },
  { name: "schedules", run: schedules, budget: [60, 30], targets: [] },
  {
    name: "density",
    run: density,
    budget: [120, 60],
    targets: ["idleRss", "perStream", "connectRate", "streamsMax"],
  },
  {
    name: "propagation",
    run: propagation,
    budget: [180, 60],
    targets: ["prop1k", "prop10k", "propPg1k", "putFanout"],
  },
  { name: "relay", run: relay, budget: [120, 60], targets: [] },
];

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    }),
  ]);
}

async function main(): Promise<number> {
  const flags = parseFlags(Deno.args);
  if ("error" in flags) return (console.error(`${flags.error}\n\n${USAGE}`), 2);
  if (flags.help) return (console.log(USAGE), 0);
  let current: AbortController | null = null;
  installSignalHandlers((signal) => {
    console.error(`\n${signal}: stopping and cleaning up…`);
    current?.abort(new Error(signal));
  });

  const machine = await describeMachine();
  console.log(`Dialtone benchmarks${flags.quick ? " (--quick)" : ""}\n${formatMachine(machine)}\n`);
  const modes: Mode[] = flags.modes;
  const started = performance.now();
  const rows: Row[] = [];
  for (
    const section of SECTIONS.filter((s) => flags.only === null || flags.only.includes(s.name))
  ) {
    const budget = section.budget[flags.quick ? 1 : 0];
    const t0 = performance.now();
    const load = Deno.loadavg()[0]!.toFixed(2);
    console.log(`== ${section.name} (budget ${budget} s; load average ${load})`);
    current = new AbortController();
    const timer = setTimeout(
      () => current?.abort(new Error(`it ran over its ${budget} s budget`)),
      budget * 1000,
    );
    const ctx: BenchContext = {
      quick: flags.quick,
      modes,
      signal: current.signal,
      log: (m) => console.log(m),
      postgresProblem: machine.postgresProblem,
    };
    try {
      rows.push(...await abortable(section.run(ctx), current.signal));
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      console.log(`  ${section.name} failed: ${why}`);
      const first = why.split("\n")[0]!;
      rows.push(
        ...section.targets.map((id) => notRun(id, "—", `${section.name} failed: ${first}`)),
      );
      current.abort(error); // stop whatever the section still has in flight
      await cleanupAll();
    } finally {
      clearTimeout(timer);
    }
    console.log(`   ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const seconds = (performance.now() - started) / 1000;
  const t = tally(rows);
  console.log(`\n${renderTable(rows)}\n`);
  console.log(
    `${t.pass} pass, ${t.miss} miss, ${t["not run"]} not run, ${t.info} informational; ` +
      `${seconds.toFixed(0)} s in all; load average at the end ${
        Deno.loadavg().map((x) => x.toFixed(2)).join(" ")
      } on ${machine.cores} cores.`,
  );
  if (flags.json) {
    await Deno.writeTextFile(flags.json, JSON.stringify({ machine, seconds, rows }, null, 2));
    console.log(`Results written to ${flags.json}`);
  }
  return 0;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(error);
} finally {
  await cleanupAll();
}
Deno.exit(code);
