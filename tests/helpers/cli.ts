// The CLI in-process (src/cli/mod.ts runCli) with captured output, against a real server.
import type { Io } from "../../src/cli/io.ts";
import { runCli } from "../../src/cli/mod.ts";

export type CliRun = { code: number; stdout: string; stderr: string };

export type CliOptions = { env?: Record<string, string>; stdin?: string };

export async function cli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    // No HOME: a developer's own profile file never leaks into a test.
    env: { DIALTONE_CONFIG: "/nonexistent/dialtone-cli.json", ...options.env },
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    readStdin: () => Promise.resolve(options.stdin ?? ""),
    stdinIsTerminal: false,
    promptSecret: () => Promise.reject(new Error("no terminal in tests")),
    fetch: (input, init) => fetch(input, init),
  };
  const code = await runCli(args, io);
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

/** The flags that point the CLI at `server` as the superuser, in `projectId`. */
export const target = (url: string, apiKey: string, projectId: string) => [
  "--url",
  url,
  "--api-key",
  apiKey,
  "--project",
  projectId,
];

/** cli(), failing unless it exits 0. */
export async function cliOk(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const run = await cli(args, options);
  if (run.code !== 0) {
    throw new Error(`dialtone ${args.join(" ")} exited ${run.code}:\n${run.stderr}\n${run.stdout}`);
  }
  return run;
}
