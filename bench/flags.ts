// Command-line flags of `deno task bench`.
import type { Mode } from "./context.ts";

export const SECTION_NAMES = [
  "evaluation",
  "cold_start",
  "snapshot",
  "ofrep",
  "admin_writes",
  "schedules",
  "density",
  "propagation",
  "relay",
] as const;

export const USAGE = `Usage: deno task bench [-- options]
  --quick               a short smoke run (fewer streams, shorter runs; about 3 minutes)
  --only a,b            run only these sections: ${SECTION_NAMES.join(", ")}
  --mode m              embedded, postgres or both (default both)
  --json file           also write the machine, the rows and the duration as JSON
  --help                this text
Postgres: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); each run
creates a fresh database and drops it afterwards.`;

export type Flags = {
  quick: boolean;
  only: string[] | null;
  modes: Mode[];
  json: string | null;
  help: boolean;
};

export function parseFlags(args: string[]): Flags | { error: string } {
  const flags: Flags = {
    quick: false,
    only: null,
    modes: ["embedded", "postgres"],
    json: null,
    help: false,
  };
  for (let i = 0; i < args.length; i++) {
    const [name, inline] = args[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => inline ?? args[++i];
    if (name === "--") continue;
    else if (name === "--quick") flags.quick = true;
    else if (name === "--help" || name === "-h") flags.help = true;
    else if (name === "--json") flags.json = value() ?? null;
    else if (name === "--only") {
      const list = (value() ?? "").split(",").map((s) => s.trim()).filter(Boolean);
      const unknown = list.filter((s) => !(SECTION_NAMES as readonly string[]).includes(s));
      if (list.length === 0 || unknown.length > 0) {
        return { error: `--only: unknown section(s) "${unknown.join(", ")}"` };
      }
      flags.only = list;
    } else if (name === "--mode") {
      const m = value();
      if (m === "both") flags.modes = ["embedded", "postgres"];
      else if (m === "embedded" || m === "postgres") flags.modes = [m];
      else return { error: `--mode must be embedded, postgres or both (got "${m}")` };
    } else return { error: `Unknown option "${args[i]}"` };
  }
  return flags;
}
