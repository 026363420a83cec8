// One admin write, traced end to end: the instances export to a test OTLP receiver, each holds
// an SDK stream, and the write's trace must show the HTTP server span (named after its route),
// the store transaction that committed it, every instance's replica.apply under it, and every
// instance's hub.fanout of that revision; the access log line is exported under the same trace.
import assert from "node:assert/strict";
import { type Api, createSdkKey, createWorld, putConfig, state } from "./api.ts";
import type { OtlpReceiver, ReceivedSpan } from "./otlp_receiver.ts";
import { openStream, SseReader, sync } from "./sdk.ts";
import { eventually } from "./wait.ts";

export type TracedInstance = { url: string; su: Api; service: string };

const ROUTE = "/api/admin/v1/projects/:projectId/configs/:name";

export async function traceOneWrite(receiver: OtlpReceiver, instances: TracedInstance[]) {
  const [writer] = instances;
  const readers: SseReader[] = [];
  try {
    const world = await createWorld(writer!.su);
    const prod = world.env.Production!;
    const { key } = await createSdkKey(writer!.su, world.projectId, prod);
    await putConfig(writer!.su, world.projectId, "traced", state(1));
    for (const i of instances) {
      await sync(i);
      const r = new SseReader(await openStream(i, key));
      readers.push(r);
      await r.until((x) => x.records.length === 1);
    }

    await putConfig(writer!.su, world.projectId, "traced", state(2)); // a PUT: it exists
    await Promise.all(readers.map((r) => r.until((x) => x.records.length === 2)));

    const found = await eventually(() => {
      const spans = receiver.spans;
      const commits = spans.filter((s) =>
        s.name === "db.write" && s.attributes["dialtone.revision"] !== undefined
      );
      // The PUT that changed the config (the first write was a PUT answered 404, then a POST).
      const server = spans.find((s) =>
        s.service === writer!.service && s.attributes["http.route"] === ROUTE &&
        s.attributes["http.request.method"] === "PUT" &&
        commits.some((c) => c.traceId === s.traceId)
      );
      assert.ok(server, `the PUT's server span and its commit; got ${names(spans)}`);
      const inTrace = spans.filter((s) => s.traceId === server.traceId);
      const commit = commits.find((c) => c.traceId === server.traceId)!;
      const revision = commit.attributes["dialtone.revision"] as number;
      const perInstance = instances.map((i) => {
        const mine = inTrace.filter((s) => s.service === i.service);
        const apply = mine.find((s) => s.name === "replica.apply");
        assert.ok(apply, `${i.service}: replica.apply in the trace; got ${names(mine)}`);
        const fanout = mine.find((s) =>
          s.name === "hub.fanout" && (s.attributes["dialtone.revision"] as number) >= revision
        );
        assert.ok(fanout, `${i.service}: hub.fanout in the trace; got ${names(mine)}`);
        return { apply, fanout };
      });
      return { server, commit, revision, perInstance };
    }, 20_000);

    const { server, commit, revision, perInstance } = found;
    assert.equal(server.name, `PUT ${ROUTE}`);
    assert.equal(server.kind, 2, "a SERVER span");
    assert.equal(commit.parentSpanId, server.spanId, "the commit runs inside the request");
    for (const { apply, fanout } of perInstance) {
      assert.equal(apply.parentSpanId, commit.spanId, "replica.apply continues the writer's span");
      assert.ok((apply.attributes["dialtone.revision.first"] as number) <= revision);
      assert.ok((apply.attributes["dialtone.revision"] as number) >= revision);
      assert.ok(apply.startMs >= commit.startMs, "applied after the commit started");
      assert.equal(fanout.attributes["dialtone.environment_id"], prod);
      assert.ok(fanout.endMs >= fanout.startMs);
    }
    // The access log line of the request, exported as a log record of the same trace.
    await eventually(() => {
      const line = receiver.logs.find((l) =>
        l.traceId === server.traceId && l.body.includes('"msg":"HTTP request"') &&
        l.body.includes('"method":"PUT"')
      );
      assert.ok(line, "the access log line under the trace");
      assert.ok(line.body.includes(`"traceId":"${server.traceId}"`), "and its traceId field");
    }, 20_000);
    assert.deepEqual(receiver.rejected, []);
    return found;
  } finally {
    await Promise.all(readers.map((r) => r.cancel()));
  }
}

function names(spans: ReceivedSpan[]): string {
  return JSON.stringify(spans.map((s) => `${s.service}:${s.name}`).slice(-40));
}
