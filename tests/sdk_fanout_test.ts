// Fan-out: many streams at once, and a client that never reads, which must neither delay the
// others nor make the server hold more than a bounded backlog for it.
import assert from "node:assert/strict";
import { createSdkKey, createWorld, putConfig, state } from "./helpers/api.ts";
import { openStream, SseReader, sync } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";
import { waitFor } from "./helpers/wait.ts";

const STREAMS = 1_000;

Deno.test("1,000 concurrent streams all receive a change while one client never reads", async () => {
  const server = await startTestServer();
  const readers: SseReader[] = [];
  let stuck: Response | null = null;
  try {
    const world = await createWorld(server.su);
    const { key } = await createSdkKey(server.su, world.projectId, world.env.Production!);
    await putConfig(server.su, world.projectId, "flag", state("before"));
    await sync(server);
    stuck = await openStream(server, key); // its body is never read
    for (let i = 0; i < STREAMS; i += 100) {
      const batch = await Promise.all(
        Array.from({ length: 100 }, async () => new SseReader(await openStream(server, key))),
      );
      readers.push(...batch);
    }
    await Promise.all(readers.map((r) => r.until((x) => x.records.length === 1, 20_000)));
    assert.equal(server.hub.stats().connections, STREAMS + 1);

    await putConfig(server.su, world.projectId, "flag", state("after"));
    await Promise.all(readers.map((r) => r.until((x) => x.records.length === 2, 20_000)));
    for (const r of readers) {
      assert.deepEqual(r.records[1], {
        type: "config_change",
        config: { name: "flag", value: "after", overrides: [] },
      });
    }
  } finally {
    await Promise.all(readers.map((r) => r.cancel()));
    await stuck?.body?.cancel();
    await server.stop();
  }
});

Deno.test("a client that never reads keeps a bounded backlog, is dropped, and never slows others", async () => {
  const highWaterMark = 64 * 1024;
  const server = await startTestServer({}, {
    server: { hub: { highWaterMark, stallTimeoutMs: 5_000, tickMs: 50 } },
  });
  const readers: SseReader[] = [];
  let stuck: Response | null = null;
  try {
    const world = await createWorld(server.su);
    const { key } = await createSdkKey(server.su, world.projectId, world.env.Production!);
    await putConfig(server.su, world.projectId, "big", state({ v: 0, pad: "" }));
    await sync(server);
    stuck = await openStream(server, key);
    for (let i = 0; i < 3; i++) readers.push(new SseReader(await openStream(server, key)));
    await Promise.all(readers.map((r) => r.until((x) => x.records.length === 1)));

    // 160 × 128 KB: far more than the socket buffers between server and client absorb (~4 MB).
    const pad = "x".repeat(128 * 1024);
    const frameBytes = pad.length + 200;
    let maxQueued = 0;
    let sawStall = false;
    const updates = 160;
    for (let v = 1; v <= updates; v++) {
      await putConfig(server.su, world.projectId, "big", state({ v, pad }));
      await sync(server);
      const stats = server.hub.stats();
      maxQueued = Math.max(maxQueued, stats.maxQueuedBytes);
      sawStall ||= stats.stalled > 0 || stats.droppedSlow > 0;
    }
    const last = (r: SseReader) => {
      const record = r.records.at(-1) as { config?: { value: { v: number } } };
      return record.config?.value.v;
    };
    await Promise.all(readers.map((r) => r.until((x) => last(x) === updates, 20_000)));
    for (const r of readers) {
      const versions = r.records.slice(1).map((x) =>
        (x.config as { value: { v: number } }).value.v
      );
      assert.deepEqual(versions, [...versions].sort((a, b) => a - b), "in order");
      assert.equal(r.done, false, "readers that keep up are never dropped");
    }
    assert.ok(sawStall, "the silent client did fall behind (else this test proves nothing)");
    // Its backlog: the stream's queue (up to one frame past the mark) plus one coalesced frame.
    assert.ok(
      maxQueued <= highWaterMark + 2 * frameBytes,
      `backlog ${maxQueued} bytes is over the bound`,
    );
    await waitFor(
      "the silent client to be dropped",
      () => server.hub.stats().droppedSlow > 0,
      10_000,
    );
    const stats = server.hub.stats();
    assert.equal(stats.droppedSlow, 1);
    assert.equal(stats.connections, 3);
  } finally {
    await Promise.all(readers.map((r) => r.cancel()));
    await stuck?.body?.cancel().catch(() => {});
    await server.stop();
  }
});
