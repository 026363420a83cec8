// Which client runs which revision, across instances: streams on two instances (or one, in
// embedded mode), acks that reach the other instance than the stream, the connections view
// asked of either instance, and the propagation summary of a config version in the history.
import assert from "node:assert/strict";
import { createSdkKey, createWorld, putConfig, state } from "./api.ts";
import { openStream, SseReader, sync } from "./sdk.ts";
import type { TestServer } from "./server.ts";
import { eventually } from "./wait.ts";

/** Flushes every 100 ms, so the views catch up quickly. */
export const FAST_DRIFT = { server: { drift: { flushMs: 100, checkMs: 50 } } };

type View = {
  latestRevision: number;
  clients: {
    clientId: string;
    instanceId: string;
    sentRevision: number;
    ackedRevision: number | null;
    delivered: boolean;
    applied: boolean;
  }[];
  configs: { name: string; delivered: number; applied: number; behind: number }[];
};

type Propagation = {
  environmentId: string;
  clients: number;
  delivered: number;
  p50Ms: number | null;
  p99Ms: number | null;
  p100Ms: number | null;
};

export async function driftAcrossInstances(a: TestServer, b: TestServer): Promise<void> {
  const readers: SseReader[] = [];
  try {
    const world = await createWorld(a.su);
    const prod = world.env.Production!;
    const { key } = await createSdkKey(a.su, world.projectId, prod);
    await putConfig(a.su, world.projectId, "flag", state(1));
    await Promise.all([sync(a), sync(b)]);
    const open = async (server: TestServer, id: string) => {
      const res = await openStream(server, key, undefined, {
        "X-Client-Id": id,
        "User-Agent": "replane-js-sdk/1.0.4",
      });
      const r = new SseReader(res);
      readers.push(r);
      await r.until((x) => x.records.length === 1);
      return r;
    };
    await open(a, "a1");
    await open(a, "a2");
    await open(b, "b1");

    await putConfig(a.su, world.projectId, "flag", state(2));
    await Promise.all([sync(a), sync(b)]);
    await Promise.all(readers.map((r) => r.until((x) => x.records.length === 2)));
    const latest = a.hub.environment(prod)!.revision;

    const ack = async (server: TestServer, clientId: string) => {
      const res = await fetch(`${server.url}/api/sdk/v1/ack`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` },
        body: JSON.stringify({ revision: latest, clientId }),
      });
      assert.equal(res.status, 204, await res.text());
    };
    await ack(b, "a1"); // the ack reaches the other instance than the stream
    await ack(a, "b1");

    const path = `/projects/${world.projectId}/environments/${prod}/connections`;
    const view = async (server: TestServer) =>
      (await server.su.ok("GET", path)).body as unknown as View;
    for (const server of [a, b]) {
      await eventually(async () => {
        const v = await view(server);
        const byId = Object.fromEntries(v.clients.map((c) => [c.clientId, c]));
        assert.deepEqual(Object.keys(byId).sort(), ["a1", "a2", "b1"]);
        assert.equal(byId.a1!.applied, true, "a1 acked on the other instance");
        assert.equal(byId.b1!.applied, true);
        assert.equal(byId.a2!.applied, false);
        assert.ok(v.clients.every((c) => c.delivered && c.sentRevision === latest));
        assert.equal(new Set(v.clients.map((c) => c.instanceId)).size, a === b ? 1 : 2);
        const flag = v.configs.find((c) => c.name === "flag")!;
        assert.deepEqual([flag.delivered, flag.applied, flag.behind], [3, 2, 0]);
      }, 10_000);
    }

    // The history entry of version 2 says how fast it reached the three clients.
    const history = async (
      server: TestServer,
    ) => ((await server.su.ok("GET", `/projects/${world.projectId}/configs/flag/versions`))
      .body.versions as { version: number; propagation: Propagation[] }[]);
    for (const server of [a, b]) {
      await eventually(async () => {
        const versions = await history(server);
        const v2 = versions.find((v) => v.version === 2)!;
        assert.equal(v2.propagation.length, 1, JSON.stringify(v2.propagation));
        const p = v2.propagation[0]!;
        assert.equal(p.environmentId, prod);
        assert.deepEqual([p.clients, p.delivered], [3, 3]);
        assert.ok(p.p50Ms !== null && p.p99Ms !== null && p.p100Ms !== null);
        assert.ok(p.p50Ms >= 0 && p.p50Ms <= p.p99Ms! && p.p99Ms! <= p.p100Ms!);
        assert.ok(p.p100Ms < 10_000, `${p.p100Ms} ms`);
        assert.deepEqual(versions.find((v) => v.version === 1)!.propagation, [], "no client then");
      }, 10_000);
    }

    // A client that leaves is gone from the view on both instances.
    await readers.pop()!.cancel();
    for (const server of [a, b]) {
      await eventually(async () => {
        const ids = (await view(server)).clients.map((c) => c.clientId).sort();
        assert.deepEqual(ids, ["a1", "a2"]);
      }, 10_000);
    }
  } finally {
    await Promise.all(readers.map((r) => r.cancel()));
  }
}
