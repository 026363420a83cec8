import assert from "node:assert/strict";
import { Connection } from "./connection.ts";
import type { Frame } from "./frames.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const frame = (text: string): Frame => encoder.encode(text);
const info = { keyId: "k", environmentId: "e", projectId: "p" };

function open(first: string[], limits = { highWaterMark: 8, maxPendingBytes: 1_000 }) {
  const log = { stalls: 0, ends: [] as boolean[] };
  const c = new Connection(info, first.map(frame), limits, {
    onStall: () => log.stalls++,
    onEnd: (_c, slow) => log.ends.push(slow),
  });
  return { c, log, reader: c.stream.getReader() };
}

async function readAll(reader: ReadableStreamDefaultReader<Frame>, count: number) {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const { value, done } = await reader.read();
    if (done) break;
    out.push(decoder.decode(value));
  }
  return out;
}

Deno.test("Connection enqueues directly while the client keeps up", async () => {
  const { c, log, reader } = open([], { highWaterMark: 1_000, maxPendingBytes: 1_000 });
  c.send("a", frame("a1"));
  c.send("a", frame("a2"));
  assert.equal(c.queuedBytes, 4);
  assert.deepEqual(await readAll(reader, 2), ["a1", "a2"]);
  assert.equal(log.stalls, 0);
  await reader.cancel();
  assert.deepEqual(log.ends, [false]);
  assert.equal(c.ended, true);
});

Deno.test("Connection coalesces by name behind a full queue, newest last, and flushes on read", async () => {
  const { c, log, reader } = open(["init-frame-of-16"]);
  c.send("a", frame("a1"));
  c.send("b", frame("b1"));
  c.send("a", frame("a2"));
  assert.equal(log.stalls, 1);
  assert.ok(c.stalledSince > 0);
  assert.equal(c.queuedBytes, 16 + 4, "the init in the stream plus one frame per name");
  assert.deepEqual(await readAll(reader, 3), ["init-frame-of-16", "b1", "a2"]);
  assert.equal(c.stalledSince, 0, "caught up");
  c.send("a", frame("a3"));
  assert.deepEqual(await readAll(reader, 1), ["a3"]);
  await reader.cancel();
});

Deno.test("Connection drops a client whose backlog exceeds the budget", async () => {
  const { c, log, reader } = open(["0123456789"], { highWaterMark: 8, maxPendingBytes: 10 });
  c.send("a", frame("aaaaaa"));
  c.send("a", frame("aaaaaa"));
  assert.equal(c.ended, false, "coalesced frames stay within the budget");
  c.send("b", frame("bbbbbb"));
  assert.equal(c.ended, true);
  assert.deepEqual(log.ends, [true]);
  await assert.rejects(reader.read());
});

Deno.test("end() closes cleanly when nothing waits, and aborts a backlog", async () => {
  const idle = open([], { highWaterMark: 100, maxPendingBytes: 100 });
  idle.c.end();
  assert.deepEqual(await idle.reader.read(), { value: undefined, done: true });
  assert.deepEqual(idle.log.ends, [false]);

  const behind = open(["0123456789"]);
  behind.c.send("a", frame("a"));
  behind.c.end();
  await assert.rejects(behind.reader.read());
  assert.deepEqual(behind.log.ends, [false]);
  behind.c.send("a", frame("ignored after the end"));
});

Deno.test("ping() only goes to clients that keep up", async () => {
  const { c, reader } = open(["0123456789"]);
  c.ping();
  assert.equal(c.queuedBytes, 10);
  assert.deepEqual(await readAll(reader, 1), ["0123456789"]);
  c.ping();
  assert.deepEqual(await readAll(reader, 1), [": ping\n\n"]);
  await reader.cancel();
});
