// GET /metrics: a clean 404 when off; when on, Prometheus text that promtool accepts and whose
// counters follow streams, writes and snapshots; a bearer token; a port of its own.
import assert from "node:assert/strict";
import { createSdkKey, createWorld, putConfig, state } from "./helpers/api.ts";
import { startTestApp } from "./helpers/app.ts";
import { assertPromtoolAccepts, must, promtoolMissing, scrape, value } from "./helpers/metrics.ts";
import { openStream, snapshot, SseReader, sync } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";
import { eventually } from "./helpers/wait.ts";

const CONFIG_ROUTE = "/api/admin/v1/projects/:projectId/configs/:name";

Deno.test("GET /metrics is a JSON 404, not the dashboard, when metrics are off", async () => {
  const app = await startTestApp();
  try {
    const res = await app.fetch(`${app.url}/metrics`);
    assert.equal(res.status, 404);
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    const body = await res.json();
    assert.equal(body.code, "not_found");
    assert.match(body.error, /PROMETHEUS_METRICS_ENABLED=true/);
  } finally {
    await app.stop();
  }
});

Deno.test("GET /metrics passes promtool and its counters follow streams, writes and snapshots", {
  ignore: promtoolMissing,
}, async () => {
  const server = await startTestServer({ PROMETHEUS_METRICS_ENABLED: "true" });
  const readers: SseReader[] = [];
  try {
    const world = await createWorld(server.su);
    const prod = world.env.Production!;
    const { key } = await createSdkKey(server.su, world.projectId, prod);
    await putConfig(server.su, world.projectId, "flag", state("one"));
    await sync(server);
    const before = await scrape(server.url);

    for (let i = 0; i < 2; i++) readers.push(new SseReader(await openStream(server, key)));
    await Promise.all(readers.map((r) => r.until((x) => x.records.length === 1)));
    await putConfig(server.su, world.projectId, "flag", state("two"));
    await Promise.all(readers.map((r) => r.until((x) => x.records.length === 2)));
    await snapshot(server.url, key);

    const during = await scrape(server.url);
    await assertPromtoolAccepts(during);
    const grew = (name: string, labels: Record<string, string> = {}) =>
      must(during, name, labels) - (value(before, name, labels) ?? 0);
    assert.equal(grew("dialtone_sdk_stream_connects_total"), 2);
    assert.equal(grew("replane_replication_streams_started_total"), 2);
    assert.equal(must(during, "replane_replication_streams_active"), 2);
    assert.equal(must(during, "dialtone_sdk_streams", { environment_id: prod }), 2);
    assert.equal(must(during, "dialtone_sdk_streams", { environment: "Production" }), 2);
    // connected + init + change, on each stream
    assert.ok(grew("dialtone_sdk_stream_frames_sent_total") >= 6);
    assert.ok(grew("dialtone_sdk_stream_sent_bytes_total") > 0);
    assert.equal(grew("dialtone_propagation_lag_seconds_count"), 1);
    assert.equal(grew("dialtone_fanout_pass_duration_seconds_count"), 1);
    const puts = { method: "PUT", route: CONFIG_ROUTE, status: "200" };
    assert.equal(grew("dialtone_http_requests_total", puts), 1);
    assert.equal(
      grew("dialtone_http_request_duration_seconds_count", {
        method: "PUT",
        route: CONFIG_ROUTE,
      }),
      1,
    );
    assert.equal(grew("dialtone_sdk_snapshot_requests_total", { status: "200" }), 1);
    assert.ok(grew("dialtone_replication_changes_applied_total") >= 1);
    assert.equal(must(during, "dialtone_primary_up"), 1);
    assert.equal(must(during, "dialtone_replication_lag_revisions"), 0);
    assert.equal(must(during, "dialtone_replication_lag_seconds"), 0);
    assert.equal(
      must(during, "dialtone_replica_revision"),
      must(during, "dialtone_primary_head_revision"),
    );
    assert.ok(must(during, "process_resident_memory_bytes") > 0);
    assert.ok(must(during, "dialtone_event_loop_delay_seconds_count") >= 0);
    // No Postgres here: no pool or LISTEN series.
    assert.equal(value(during, "dialtone_primary_listen_up"), undefined);

    await readers.pop()!.cancel();
    const after = await eventually(async () => {
      const text = await scrape(server.url);
      assert.equal(must(text, "replane_replication_streams_active"), 1);
      return text;
    });
    assert.equal(
      must(after, "dialtone_sdk_stream_disconnects_total", { reason: "client" }) -
        (value(before, "dialtone_sdk_stream_disconnects_total", { reason: "client" }) ?? 0),
      1,
    );
    assert.equal(
      must(after, "replane_replication_streams_stopped_total") -
        (value(before, "replane_replication_streams_stopped_total") ?? 0),
      1,
    );
  } finally {
    await Promise.all(readers.map((r) => r.cancel()));
    await server.stop();
  }
});

Deno.test("GET /metrics needs METRICS_BEARER_TOKEN when it is set", async () => {
  const token = "scrape-token-0123456789";
  const server = await startTestServer({
    PROMETHEUS_METRICS_ENABLED: "true",
    METRICS_BEARER_TOKEN: token,
  });
  try {
    for (const auth of [undefined, "Bearer wrong-token-0123456789", token]) {
      const res = await fetch(`${server.url}/metrics`, {
        headers: auth ? { Authorization: auth } : {},
      });
      const text = await res.text();
      assert.equal(res.status, 401, text);
      assert.equal(JSON.parse(text).code, "unauthorized");
      assert.equal(res.headers.get("www-authenticate"), 'Bearer realm="metrics"');
    }
    assert.match(await scrape(server.url, token), /dialtone_http_requests_total/);
  } finally {
    await server.stop();
  }
});

Deno.test("METRICS_PORT serves /metrics there and only there", async () => {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  const server = await startTestServer({
    PROMETHEUS_METRICS_ENABLED: "true",
    METRICS_PORT: String(port),
    METRICS_HOST: "127.0.0.1",
  });
  try {
    const main = await fetch(`${server.url}/metrics`);
    const body = await main.json();
    assert.equal(main.status, 404);
    assert.match(body.error, new RegExp(`METRICS_PORT \\(${port}\\)`));
    const own = `http://127.0.0.1:${port}`;
    assert.match(await scrape(own), /dialtone_sdk_stream_connects_total 0/);
    const other = await fetch(`${own}/api/health`);
    assert.equal(other.status, 404);
    assert.equal((await other.json()).code, "not_found");
  } finally {
    await server.stop();
  }
});
