// Real Dialtone server processes (`deno run main.ts serve`) with their own environment.
import { removeDir, stopChild, tempDir, trackChild } from "./cleanup.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const BARE = new URL("./bare_server.ts", import.meta.url).pathname;

export type Instance = {
  name: string;
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  /** From spawning the process to its first 200 from the health check (ms). */
  readyMs: number;
  /** The last 64 kB of the server's stderr. */
  output(): string;
  /** How many stderr lines so far contained `text`. */
  count(text: string): number;
  rssBytes(): Promise<number>;
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
};

/** A port that was free a moment ago (the server binds it right after). */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** Resident set size of a process from /proc/<pid>/status (VmRSS), in bytes. */
export async function rssOf(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`Cannot read VmRSS of process ${pid}`);
  return Number(kb) * 1024;
}

/** CPU time (user + system) a process has used so far, in ms (Linux clock ticks of 10 ms). */
export async function cpuMsOf(pid: number): Promise<number> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Polls `url` until it answers 200; returns the ms it took, or throws after `timeoutMs`. */
export async function waitFor200(
  url: string,
  timeoutMs: number,
  init?: RequestInit,
  intervalMs = 10,
): Promise<number> {
  const start = performance.now();
  let last = "no answer";
  while (performance.now() - start < timeoutMs) {
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      if (res.status === 200) return performance.now() - start;
      last = `status ${res.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

export type StartOptions = {
  name: string;
  /** Settings beyond the defaults (PORT, HOST, DATA_DIR, LOG_*). */
  env: Record<string, string>;
  /** Reuse a data directory instead of a fresh temp dir. */
  dataDir?: string;
  timeoutMs?: number;
  /** Run bench/bare_server.ts instead of Dialtone. */
  bare?: boolean;
  /** How often to poll the health check while starting (ms). */
  pollMs?: number;
  /** Extra `deno run` flags, e.g. --inspect. */
  denoFlags?: string[];
};

/** Starts Dialtone (or the bare server) on a free port; resolves once it answers its health check. */
export async function startInstance(o: StartOptions): Promise<Instance> {
  const ownDir = o.dataDir === undefined;
  const dataDir = o.dataDir ?? await tempDir(o.name);
  const port = freePort();
  const spawnedAt = performance.now();
  const child = trackChild(
    new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-all",
        ...(o.denoFlags ?? []),
        ...(o.bare ? [BARE] : [MAIN, "serve"]),
      ],
      env: {
        PORT: String(port),
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        LOG_FORMAT: "json",
        LOG_LEVEL: "info",
        ...o.env,
      },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn(),
  );
  let text = "";
  const counts = new Map<string, number>();
  const drained = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stderr) {
      const piece = decoder.decode(chunk, { stream: true });
      for (const [needle, n] of counts) counts.set(needle, n + piece.split(needle).length - 1);
      text = (text + piece).slice(-65_536);
    }
  })();
  const exited = child.status.then((s) => s.code);
  const url = `http://127.0.0.1:${port}`;
  const instance: Instance = {
    name: o.name,
    url,
    port,
    pid: child.pid,
    dataDir,
    readyMs: NaN,
    output: () => text,
    count: (needle) => {
      if (!counts.has(needle)) counts.set(needle, text.split(needle).length - 1);
      return counts.get(needle)!;
    },
    rssBytes: () => rssOf(child.pid),
    cpuMs: () => cpuMsOf(child.pid),
    stop: async () => {
      await stopChild(child);
      await drained.catch(() => {});
      if (ownDir) await removeDir(dataDir);
    },
  };
  try {
    await Promise.race([
      waitFor200(
        `${url}${o.bare ? "/health" : "/api/health"}`,
        o.timeoutMs ?? 30_000,
        {},
        o.pollMs,
      ),
      exited.then((code) => {
        throw new Error(`exited with code ${code}`);
      }),
    ]);
  } catch (error) {
    await instance.stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Dialtone instance ${o.name} did not start: ${reason}\n${text.slice(-2000)}`);
  }
  instance.readyMs = performance.now() - spawnedAt;
  return instance;
}
