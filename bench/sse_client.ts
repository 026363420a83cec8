// Load-client subprocess: holds many SDK streams over raw HTTP/1.1 sockets (node:net, so each
// socket can bind its own loopback source address) and records when each change arrives.
// Started by clients.ts with a JSON ClientSpec as its argument; commands come one per line
// on stdin ("connect" first, so every process starts at once), answers go as JSON lines
// to stdout. Exits when stdin closes.
import net from "node:net";
import { Buffer } from "node:buffer";

export type ClientSpec = {
  host: string;
  port: number;
  path: string;
  key: string;
  count: number;
  localAddresses: string[];
  /** Streams connecting (connected, init not yet received) at once in this process. */
  maxPending: number;
  /** The config whose value is the write sequence number. */
  watch: string;
  /** Receipt times are kept for sequence numbers seqBase + 1 .. seqBase + maxSeq. */
  seqBase: number;
  maxSeq: number;
  connectTimeoutMs: number;
};

const now = () => performance.timeOrigin + performance.now();

const spec: ClientSpec = JSON.parse(Deno.args[0] ?? "{}");
const recv = new Float64Array(spec.count * spec.maxSeq).fill(NaN);
const lastSeq = new Int32Array(spec.count).fill(-1);
const stats = { inited: 0, failed: 0, closed: 0, dups: 0, outOfOrder: 0, frames: 0, pings: 0 };
const errors: string[] = [];
const sockets: net.Socket[] = [];
const body = JSON.stringify({ currentConfigs: [], requiredConfigs: [] });
const request = `POST ${spec.path} HTTP/1.1\r\nHost: ${spec.host}:${spec.port}\r\n` +
  `Authorization: Bearer ${spec.key}\r\nContent-Type: application/json\r\n` +
  `Accept: text/event-stream\r\nUser-Agent: dialtone-bench\r\n` +
  `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

function fail(reason: string) {
  stats.failed++;
  if (errors.length < 5) errors.push(reason);
}

/** One stream: HTTP head, then chunked transfer decoding, then SSE frames. */
function open(index: number, onSettled: () => void) {
  let phase: "head" | "body" = "head";
  let chunked = false;
  let raw = "";
  let chunkLeft = 0; // bytes of chunk data still to come; -1 while reading a size line
  let sizeLine = "";
  let skipCrlf = 0;
  let events = "";
  let inited = false;
  let settled = false;
  const settle = () => {
    if (!settled) (settled = true), onSettled();
  };
  const timer = setTimeout(() => {
    if (!inited) (fail("no init within the connect timeout"), socket.destroy(), settle());
  }, spec.connectTimeoutMs);

  const frame = (text: string, t: number) => {
    stats.frames++;
    if (text.startsWith(":")) return void (text.startsWith(": ping") && stats.pings++);
    const line = text.split("\n").find((l) => l.startsWith("data:"));
    if (line === undefined) return;
    const msg = JSON.parse(line.slice(5));
    if (msg.type === "init") {
      const w = (msg.configs as { name: string; value: unknown }[]).find((c) =>
        c.name === spec.watch
      );
      lastSeq[index] = typeof w?.value === "number" ? w.value : 0;
      if (!inited) (inited = true), stats.inited++, clearTimeout(timer), settle();
    } else if (msg.type === "config_change" && msg.config?.name === spec.watch) {
      const seq = msg.config.value as number;
      if (seq < lastSeq[index]!) stats.outOfOrder++;
      lastSeq[index] = Math.max(lastSeq[index]!, seq);
      const slot = seq - spec.seqBase;
      if (slot >= 1 && slot <= spec.maxSeq) {
        const at = index * spec.maxSeq + slot - 1;
        if (Number.isNaN(recv[at]!)) recv[at] = t;
        else stats.dups++;
      }
    }
  };
  const payload = (text: string, t: number) => {
    events += text;
    let end: number;
    while ((end = events.indexOf("\n\n")) !== -1) {
      frame(events.slice(0, end), t);
      events = events.slice(end + 2);
    }
  };
  const dechunk = (text: string, t: number) => {
    let i = 0;
    while (i < text.length) {
      if (skipCrlf > 0) (skipCrlf--, i++);
      else if (chunkLeft > 0) {
        const piece = text.slice(i, i + chunkLeft);
        payload(piece, t);
        chunkLeft -= piece.length;
        i += piece.length;
        if (chunkLeft === 0) skipCrlf = 2;
      } else {
        const nl = text.indexOf("\r\n", i);
        if (nl === -1) return void (sizeLine += text.slice(i));
        sizeLine += text.slice(i, nl);
        i = nl + 2;
        chunkLeft = parseInt(sizeLine, 16);
        sizeLine = "";
        if (chunkLeft === 0) return void socket.destroy(); // the server ended the response
      }
    }
  };

  const socket = net.connect({
    host: spec.host,
    port: spec.port,
    localAddress: spec.localAddresses[index % spec.localAddresses.length],
  });
  sockets.push(socket);
  socket.setEncoding("latin1"); // one char per byte, so chunk sizes count right
  socket.setNoDelay(true);
  socket.on("connect", () => socket.write(request));
  socket.on("data", (data: string) => {
    const t = now();
    if (phase === "body") return chunked ? dechunk(data, t) : payload(data, t);
    raw += data;
    const end = raw.indexOf("\r\n\r\n");
    if (end === -1) return;
    const head = raw.slice(0, end);
    const rest = raw.slice(end + 4);
    raw = "";
    if (!/^HTTP\/1\.1 200/.test(head)) {
      fail(head.split("\r\n")[0]!);
      clearTimeout(timer);
      socket.destroy();
      return settle();
    }
    phase = "body";
    chunked = /\r\ntransfer-encoding:\s*chunked/i.test(head);
    if (rest) chunked ? dechunk(rest, t) : payload(rest, t);
  });
  socket.on("error", (e: Error) => {
    if (!inited) (clearTimeout(timer), fail(e.message), settle());
  });
  socket.on("close", () => {
    if (inited) stats.closed++;
    else if (!settled) (clearTimeout(timer), fail("closed before init"), settle());
  });
}

const encoder = new TextEncoder();
async function emit(event: Record<string, unknown>) {
  const bytes = encoder.encode(JSON.stringify(event) + "\n");
  for (let off = 0; off < bytes.length;) off += await Deno.stdout.write(bytes.subarray(off));
}

function connectAll(): Promise<void> {
  const { promise, resolve } = Promise.withResolvers<void>();
  let next = 0;
  let settled = 0;
  const startOne = () => {
    const index = next++;
    open(index, () => {
      settled++;
      if (next < spec.count) startOne();
      if (settled === spec.count) resolve();
    });
  };
  for (let i = 0; i < Math.min(spec.maxPending, spec.count); i++) startOne();
  if (spec.count === 0) resolve();
  return promise;
}

const b64 = (a: Float64Array | Int32Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");

async function command(line: string) {
  const [name, arg] = line.trim().split(" ");
  if (name === "connect") return void connect();
  if (name === "clock") return await emit({ event: "clock", t: now() });
  if (name === "status") {
    const seq = Number(arg);
    let have = 0;
    for (const s of lastSeq) if (s >= seq) have++;
    return await emit({ event: "status", have, open: stats.inited - stats.closed });
  }
  if (name === "report") {
    return await emit({ event: "report", ...stats, recv: b64(recv), lastSeq: b64(lastSeq) });
  }
  if (name === "close") {
    for (const s of sockets) s.destroy();
    await emit({ event: "closed" });
    Deno.exit(0);
  }
}

async function connect() {
  const startAt = now();
  await connectAll();
  await emit({ event: "ready", startAt, doneAt: now(), ...stats, errors });
}

await emit({ event: "started" });
let pending = "";
for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
  pending += chunk;
  let nl: number;
  while ((nl = pending.indexOf("\n")) !== -1) {
    await command(pending.slice(0, nl));
    pending = pending.slice(nl + 1);
  }
}
Deno.exit(0);
