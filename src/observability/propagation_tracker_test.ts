import assert from "node:assert/strict";
import { Connection } from "../realtime/connection.ts";
import type { Change } from "../store/changes.ts";
import { observers, PropagationTracker } from "./propagation_tracker.ts";

const encoder = new TextEncoder();
const info = { keyId: "k", environmentId: "e", projectId: "p" };
const open = () =>
  new Connection(info, [], { highWaterMark: 16, maxPendingBytes: 10_000 }, {
    onStall() {},
    onEnd() {},
  });

const change = (revision: number, createdAt: string, version: number): Change => ({
  revision,
  createdAt,
  kind: "config",
  config: {
    id: "cfg",
    projectId: "p",
    name: "flag",
    version,
    value: true,
    overrides: [],
    variants: [],
  },
});

Deno.test("PropagationTracker closes a revision every stream was handed at the end of the pass", () => {
  const t = new PropagationTracker();
  const streams = [open(), open()];
  t.attach(() => streams);
  const committed = new Date(Date.now() - 40).toISOString();
  t.committed([change(5, committed, 3)]);
  for (const c of streams) c.send("flag", encoder.encode("x"), 5);
  t.delivered("e", [4, 5], performance.now()); // 4 carried no config version: ignored
  const { done, waiting } = t.take();
  assert.equal(waiting.length, 0);
  assert.equal(done.length, 1);
  const [d] = done;
  assert.deepEqual([d!.revision, d!.clients, d!.configs], [5, 2, [{ id: "cfg", version: 3 }]]);
  assert.equal(d!.samples.length, 1);
  assert.equal(d!.samples[0]![1], 2);
  assert.ok(d!.samples[0]![0] >= 40, `lag ${d!.samples[0]![0]} counts from the commit`);
  assert.equal(t.take().done.length, 0, "taken once");
  for (const c of streams) c.abort();
});

Deno.test("PropagationTracker waits for a stream that is not reading, and counts one that ends without it", async () => {
  const t = new PropagationTracker();
  const reading = open();
  const slow = open();
  const gone = open();
  t.attach(() => [reading, slow, gone]);
  const committed = new Date().toISOString();
  t.committed([change(8, committed, 2)]);
  // The slow and gone streams' queues are full: the frame waits.
  for (const c of [slow, gone]) c.send("pad", encoder.encode("p".repeat(32)), 7);
  for (const c of [reading, slow, gone]) c.send("flag", encoder.encode("x"), 8);
  assert.equal(reading.sentRevision, 8);
  assert.equal(slow.sentRevision, 7);
  t.delivered("e", [8], performance.now());
  assert.equal(t.take().waiting[0]!.clients, 3);

  await new Promise((r) => setTimeout(r, 30));
  const reader = slow.stream.getReader();
  await reader.read();
  await reader.read(); // the held-back frame is flushed now
  assert.equal(slow.sentRevision, 8);
  gone.abort();
  t.check();
  const { done, waiting } = t.take();
  assert.equal(waiting.length, 0);
  const [d] = done;
  assert.equal(d!.clients, 3);
  assert.equal(d!.samples.reduce((n, s) => n + s[1], 0), 2, "the ended stream never had it");
  assert.ok(d!.samples[1]![0] >= 30, "the slow stream got it later");
  await reader.cancel();
  reading.abort();
});

Deno.test("observers() tells every observer given", () => {
  const seen: string[] = [];
  const mk = (name: string) => ({ delivered: (e: string) => void seen.push(`${name}:${e}`) });
  assert.equal(observers(null, undefined), undefined);
  const one = mk("a");
  assert.equal(observers(one, null), one);
  observers(mk("a"), mk("b"))!.delivered("e", [1], 0);
  assert.deepEqual(seen, ["a:e", "b:e"]);
});
