// Real Dialtone server processes for tests: `deno run main.ts` with its own environment.
import { eventually } from "./wait.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

export type DialtoneProcess = {
  url: string;
  child: Deno.ChildProcess;
  pid: number;
  /** Everything the process wrote to stderr so far. */
  output(): string;
  /** Resolves once stderr matches `pattern` (searching everything written so far). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGTERM, then waits for the exit code (SIGKILL after 30 s). */
  stop(): Promise<number>;
  /** SIGKILL (no shutdown at all), then waits for the exit. */
  kill(): Promise<void>;
};

/** Runs `dialtone` with `args` to completion. */
export async function runDialtone(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", MAIN, ...args],
    env: { LOG_FORMAT: "json", ...env },
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: result.code,
    stdout: decoder.decode(result.stdout),
    stderr: decoder.decode(result.stderr),
  };
}

/** Starts a server on a free port and resolves once it logs its URL. */
export async function startDialtone(
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<DialtoneProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", MAIN, "serve"],
    env: { PORT: "0", HOST: "127.0.0.1", LOG_FORMAT: "json", ...env },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let text = "";
  const { promise: ready, resolve, reject } = Promise.withResolvers<string>();
  const timer = setTimeout(() => reject(new Error(`Dialtone did not start:\n${text}`)), timeoutMs);
  (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stderr) {
      text += decoder.decode(chunk, { stream: true });
      const match = /"msg":"Dialtone is listening","url":"([^"]+)"/.exec(text);
      if (match) resolve(match[1]!);
    }
    reject(new Error(`Dialtone exited before it was ready:\n${text}`));
  })();
  child.status.then((s) => {
    text += `\n(the process exited: code ${s.code}${s.signal ? `, signal ${s.signal}` : ""})\n`;
  });
  try {
    const url = await ready;
    return {
      url,
      child,
      pid: child.pid,
      output: () => text,
      waitForOutput: async (pattern, ms = 10_000) => {
        await eventually(() => {
          if (!pattern.test(text)) throw new Error(`No ${pattern} in the output:\n${text}`);
        }, ms);
      },
      kill: async () => {
        try {
          child.kill("SIGKILL");
        } catch {
          // already gone
        }
        await child.status;
      },
      stop: async () => {
        try {
          child.kill("SIGTERM");
        } catch {
          // already gone
        }
        const force = setTimeout(() => {
          try {
            child.kill("SIGKILL");
          } catch {
            // already gone
          }
        }, 30_000);
        const { code } = await child.status;
        clearTimeout(force);
        return code;
      },
    };
  } catch (error) {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
    await child.status;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
