// deno-lint-ignore-file no-console
// Where the server's time goes: `deno run -A bench/profile.ts snapshot|fanout|write`.
// Starts an embedded instance under --inspect, drives one kind of load, samples the CPU with
// the V8 profiler over the inspector protocol, and prints self time by function and by area.
// V8 sees only JavaScript: work in Deno's Rust side (hyper, socket writes) shows up as
// "(idle)" or inside the op that started it, so read it beside the /proc CPU numbers.
import { adminWriter, writeLoop } from "./admin.ts";
import { cleanupAll, installSignalHandlers } from "./cleanup.ts";
import { ClientPool } from "./clients.ts";
import { withCluster } from "./cluster.ts";
import { type BenchContext, sleep } from "./context.ts";
import { SMALL, WATCHED, watchedState, writerConfig, writerState } from "./seed.ts";
import { freePort } from "./server.ts";

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
};

async function inspector(port: number) {
  const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const ws = new WebSocket(list[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => (ws.onopen = resolve, ws.onerror = reject));
  let id = 0;
  const waiting = new Map<number, (r: unknown) => void>();
  ws.onmessage = (e) => {
    const msg = JSON.parse(e.data);
    if (msg.id !== undefined) waiting.get(msg.id)?.(msg.result);
  };
  const send = (method: string, params: unknown = {}) =>
    new Promise<unknown>((resolve) => {
      waiting.set(++id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return { send, close: () => ws.close() };
}

/** Folds a frame's source into an area: a package, a Dialtone folder, or the runtime. */
export function area(url: string, fn: string): string {
  if (url === "") return fn.startsWith("(") ? fn : "(native)";
  const pkg = /node_modules\/\.deno\/([^/]+?)@/.exec(url) ?? /npm\/[^/]+\/([^/]+)\//.exec(url);
  if (pkg) return `npm:${pkg[1]}`;
  const src = /\/(src\/[^/]+|bench)\//.exec(url);
  if (src) return `dialtone ${src[1]}`;
  if (url.startsWith("ext:") || url.startsWith("node:")) {
    return url.split("/").slice(0, 2).join("/");
  }
  return url;
}

function report(nodes: ProfileNode[], title: string) {
  const total = nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0);
  const byFn = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const n of nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0) continue;
    const f = n.callFrame;
    const where = f.url
      ? `${f.url.replace(/^.*\/(node_modules|src|bench)\//, "$1/")}:${f.lineNumber + 1}`
      : "";
    const key = `${f.functionName || "(anonymous)"} ${where}`;
    byFn.set(key, (byFn.get(key) ?? 0) + hits);
    const a = area(f.url, f.functionName);
    byArea.set(a, (byArea.get(a) ?? 0) + hits);
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, k)
      .map(([name, h]) => `  ${((100 * h) / total).toFixed(1).padStart(5)}%  ${name}`).join("\n");
  console.log(
    `\n${title}: ${total} samples\nBy area:\n${top(byArea, 15)}\nBy function (self):\n${
      top(byFn, 25)
    }`,
  );
}

async function profiled(port: number, load: () => Promise<void>) {
  const inspect = await inspector(port);
  try {
    await inspect.send("Profiler.enable");
    await inspect.send("Profiler.setSamplingInterval", { interval: 200 });
    await inspect.send("Profiler.start");
    await load();
    const result = await inspect.send("Profiler.stop") as { profile: { nodes: ProfileNode[] } };
    return result.profile.nodes;
  } finally {
    inspect.close();
  }
}

async function main(kind: string): Promise<void> {
  if (!["snapshot", "fanout", "write"].includes(kind)) {
    console.error("Usage: deno run -A bench/profile.ts snapshot|fanout|write");
    Deno.exit(2);
  }
  const ctx: BenchContext = {
    quick: false,
    modes: ["embedded"],
    signal: new AbortController().signal,
    log: console.log,
    postgresProblem: null,
  };
  const port = freePort();
  await withCluster(ctx, "embedded", [SMALL], async (cl) => {
    const p = cl.projects[0]!;
    const writer = adminWriter(cl.writer.url, cl.adminKey, p.projectId);
    let load: () => Promise<void>;
    if (kind === "snapshot") {
      load = async () => {
        const args = ["-t1", "-c32", "-d5s", "-H", `Authorization: Bearer ${p.sdkKey}`];
        await new Deno.Command("wrk", { args: [...args, `${cl.reader.url}/api/sdk/v1/configs`] })
          .output();
      };
    } else if (kind === "write") {
      load = async () =>
        void await writeLoop(
          writer,
          1,
          5_000,
          (w, s) => ({ name: writerConfig(w), state: writerState(w, s) }),
        );
    } else {
      const pool = await ClientPool.open({
        url: cl.reader.url,
        key: p.sdkKey,
        count: 10_000,
        seqBase: 0,
        maxSeq: 20,
        watch: WATCHED,
        readyTimeoutMs: 60_000,
      });
      load = async () => {
        for (let i = 1; i <= 20; i++) {
          (await writer.put(WATCHED, watchedState(i)), await sleep(150));
        }
        await pool.waitForSeq(20, 5_000);
        await pool.close();
      };
    }
    report(await profiled(port, load), `${kind}, embedded`);
  }, { denoFlags: [`--inspect=127.0.0.1:${port}`] });
}

installSignalHandlers(() => {});
try {
  await main(Deno.args[0] ?? "");
} finally {
  await cleanupAll();
}
