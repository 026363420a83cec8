// The machine and versions printed with every run.
import { VERSION } from "../src/version.ts";
import { postgresVersion } from "./pg.ts";

async function run(cmd: string, args: string[]): Promise<string | null> {
  try {
    const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
    return new TextDecoder().decode(out.stdout).trim() +
      new TextDecoder().decode(out.stderr).trim();
  } catch {
    return null;
  }
}

export type Machine = {
  date: string;
  cpu: string;
  cores: number;
  memoryBytes: number;
  kernel: string;
  loadAverage: number[];
  deno: string;
  dialtone: string;
  postgres: string;
  wrk: string;
  postgresProblem: string | null;
};

export async function describeMachine(): Promise<Machine> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const cpu = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? "unknown CPU";
  const commit = await run("git", [
    "-C",
    new URL("..", import.meta.url).pathname,
    "describe",
    "--always",
    "--dirty",
  ]);
  const pg = await postgresVersion();
  const wrk = (await run("wrk", ["-v"]))?.split("\n")[0]?.split(" [")[0] ?? "not installed";
  return {
    date: new Date().toISOString(),
    cpu,
    cores: navigator.hardwareConcurrency,
    memoryBytes: Deno.systemMemoryInfo().total,
    kernel: Deno.osRelease(),
    loadAverage: Deno.loadavg(),
    deno: `${Deno.version.deno} (V8 ${Deno.version.v8})`,
    dialtone: `${VERSION} (${commit ?? "no git"})`,
    postgres: "version" in pg ? pg.version : "unreachable",
    wrk,
    postgresProblem: "error" in pg ? pg.error : null,
  };
}

export function formatMachine(m: Machine): string {
  const gb = (m.memoryBytes / 1024 ** 3).toFixed(1);
  return [
    `Date:     ${m.date}`,
    `Machine:  ${m.cores} cores (${m.cpu}), ${gb} GiB RAM, Linux ${m.kernel}`,
    `Load:     ${m.loadAverage.map((x) => x.toFixed(2)).join(" ")} (1/5/15 min, at start)`,
    `Versions: dialtone ${m.dialtone}, deno ${m.deno}, postgres ${m.postgres}, ${m.wrk}`,
  ].join("\n");
}
