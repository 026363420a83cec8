import assert from "node:assert/strict";
import { silentLogger } from "../log.ts";
import type { LoadedEnvironment } from "../replica/replica.ts";
import type { Frame } from "./frames.ts";
import { Hub, type HubOptions } from "./hub.ts";

const decoder = new TextDecoder();
const ENVS: Record<string, LoadedEnvironment> = {
  e1: { projectId: "p1", revision: 3, configs: new Map([["a", '{"name":"a","value":1}']]) },
  e2: { projectId: "p1", revision: 1, configs: new Map() },
  e3: { projectId: "p2", revision: 1, configs: new Map() },
};

function hub(options: HubOptions = {}) {
  let loads = 0;
  const h = new Hub(
    (id) => {
      loads++;
      const env = ENVS[id];
      return env ? { ...env, configs: new Map(env.configs) } : null;
    },
    silentLogger,
    options,
  );
  return { h, loads: () => loads };
}

function connect(h: Hub, environmentId: string, keyId = "k") {
  const state = h.environment(environmentId)!;
  const c = h.connect({ keyId, environmentId, projectId: state.projectId }, [state.initFrame()])!;
  return { c, reader: c.stream.getReader() };
}

async function next(reader: ReadableStreamDefaultReader<Frame>): Promise<Frame | null> {
  const { value, done } = await reader.read();
  return done ? null : value;
}

Deno.test("Hub loads an environment once and builds init and snapshot from memory", async () => {
  const { h, loads } = hub();
  const a = connect(h, "e1");
  const b = connect(h, "e1");
  assert.equal(loads(), 1);
  assert.equal(h.environment("nope"), null);
  assert.equal(
    decoder.decode((await next(a.reader))!),
    'id: 3\ndata: {"type":"init","configs":[{"name":"a","value":1}]}\n\n',
  );
  await next(b.reader);
  assert.equal(
    decoder.decode(h.environment("e1")!.snapshotBody()),
    '{"configs":[{"name":"a","value":1}]}',
  );
  h.close();
});

Deno.test("Hub.publish() sends the same bytes to every subscriber of the environment only", async () => {
  const { h } = hub();
  const a = connect(h, "e1");
  const b = connect(h, "e1");
  const other = connect(h, "e2");
  for (const s of [a, b, other]) await next(s.reader);
  h.publish([
    { kind: "config", environmentId: "e1", name: "a", revision: 7, json: '{"name":"a","value":2}' },
    { kind: "config_delete", environmentId: "e1", name: "a", revision: 8 },
  ]);
  const [fa, fb] = [await next(a.reader), await next(b.reader)];
  assert.equal(fa, fb, "one frame object shared by all subscribers");
  assert.equal(
    decoder.decode(fa!),
    'id: 7\ndata: {"type":"config_change","config":{"name":"a","value":2}}\n\n',
  );
  assert.equal(
    decoder.decode((await next(a.reader))!),
    'id: 8\ndata: {"type":"config_delete","name":"a"}\n\n',
  );
  assert.equal(other.c.queuedBytes, 0);
  const state = h.environment("e1")!;
  assert.equal(state.revision, 8);
  assert.equal(decoder.decode(state.snapshotBody()), '{"configs":[]}');
  h.close();
  assert.equal(await next(a.reader), null, "close() ends the streams");
  assert.equal(h.connect({ keyId: "k", environmentId: "e1", projectId: "p1" }, []), null);
});

Deno.test("Hub ends the streams of a revoked key, environment or project", async () => {
  const { h } = hub();
  const k1 = connect(h, "e1", "k1");
  const k2 = connect(h, "e1", "k2");
  const e2 = connect(h, "e2");
  const e3 = connect(h, "e3");
  for (const s of [k1, k2, e2, e3]) await next(s.reader);
  h.publish([{ kind: "key_revoked", keyId: "k1", environmentId: "e1" }]);
  assert.equal(await next(k1.reader), null);
  assert.equal(k2.c.ended, false);
  h.publish([{ kind: "environment_revoked", environmentId: "e3" }]);
  assert.equal(await next(e3.reader), null);
  h.publish([{ kind: "project_revoked", projectId: "p1" }]);
  assert.equal(await next(k2.reader), null);
  assert.equal(await next(e2.reader), null);
  assert.equal(h.stats().connections, 0);
});

Deno.test("Hub sends heartbeats from one timer while streams are open", async () => {
  const { h } = hub({ heartbeatMs: 40, tickMs: 10 });
  const a = connect(h, "e1");
  await next(a.reader);
  assert.equal(decoder.decode((await next(a.reader))!), ": ping\n\n");
  await a.reader.cancel();
  assert.equal(h.stats().connections, 0, "the timer stops with the last stream");
});

Deno.test("Hub drops a client that stays behind and counts it; others keep receiving", async () => {
  const { h } = hub({ tickMs: 10, stallTimeoutMs: 30, highWaterMark: 16 });
  const slow = connect(h, "e1");
  const fast = connect(h, "e1");
  await next(fast.reader);
  h.publish([{ kind: "config", environmentId: "e1", name: "a", revision: 9, json: "{}" }]);
  assert.ok((await next(fast.reader)) !== null);
  assert.equal(h.stats().stalled, 1);
  assert.ok(h.stats().maxQueuedBytes > 0);
  const deadline = Date.now() + 5_000;
  while (h.stats().droppedSlow === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
  await assert.rejects(slow.reader.read(), "the dropped stream errors");
  const stats = h.stats();
  assert.equal(stats.droppedSlow, 1);
  assert.equal(stats.connections, 1);
  h.close();
});

Deno.test("Hub fans out slice by slice; streams reached late skip superseded states", async () => {
  const { h } = hub({ sliceSize: 2 });
  const streams = Array.from({ length: 5 }, () => connect(h, "e1"));
  for (const s of streams) await next(s.reader);
  h.publish([
    { kind: "config", environmentId: "e1", name: "a", revision: 4, json: "{}" },
    { kind: "config_delete", environmentId: "e1", name: "a", revision: 5 },
    { kind: "config", environmentId: "e1", name: "a", revision: 6, json: "{}" },
  ]);
  assert.ok(h.stats().fanoutBacklog > 0, "not all at once");
  const ids = async (s: (typeof streams)[number], count: number) => {
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      out.push(/id: (\d+)/.exec(decoder.decode((await next(s.reader))!))![1]!);
    }
    return out;
  };
  assert.deepEqual(await ids(streams[0]!, 3), ["4", "5", "6"], "the first slice, then the rest");
  assert.deepEqual(await ids(streams[1]!, 3), ["4", "5", "6"]);
  for (const s of streams.slice(2)) assert.deepEqual(await ids(s, 2), ["5", "6"], "two newest");
  assert.equal(h.stats().fanoutBacklog, 0);
  h.close();
});
