import assert from "node:assert/strict";
import { Counter, Gauge, Histogram, Registry } from "./prom.ts";

Deno.test("Registry.metrics() writes counters, gauges and histograms in the text format", async () => {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({
    name: "t_requests_total",
    help: "Requests\nby code",
    labelNames: ["code"] as const,
    registers,
  });
  requests.inc({ code: 200 });
  requests.inc({ code: 200 }, 2);
  requests.inc({ code: 'a"b\\' });
  let open = 7;
  new Gauge({
    name: "t_open",
    help: "Open",
    registers,
    collect() {
      this.set(open);
    },
  });
  const latency = new Histogram({
    name: "t_seconds",
    help: "Latency",
    buckets: [0.1, 1],
    registers,
  });
  latency.observe(0.05);
  latency.observe(0.5);
  latency.observe(5);
  assert.equal(
    await registry.metrics(),
    [
      "# HELP t_requests_total Requests\\nby code",
      "# TYPE t_requests_total counter",
      't_requests_total{code="200"} 3',
      't_requests_total{code="a\\"b\\\\"} 1',
      "",
      "# HELP t_open Open",
      "# TYPE t_open gauge",
      "t_open 7",
      "",
      "# HELP t_seconds Latency",
      "# TYPE t_seconds histogram",
      't_seconds_bucket{le="0.1"} 1',
      't_seconds_bucket{le="1"} 2',
      't_seconds_bucket{le="+Inf"} 3',
      "t_seconds_sum 5.55",
      "t_seconds_count 3",
      "",
    ].join("\n"),
  );
  open = 2;
  assert.match(await registry.metrics(), /^t_open 2$/m);
  assert.throws(() => requests.inc(-1), /cannot go down/);
  assert.throws(() => new Gauge({ name: "t_open", help: "again", registers }), /already/);
});

Deno.test("a metric without labels and without samples still reads 0", async () => {
  const registry = new Registry();
  new Counter({ name: "t_none_total", help: "None", registers: [registry] });
  new Histogram({ name: "t_h", help: "H", buckets: [1], registers: [registry] });
  const text = await registry.metrics();
  assert.match(text, /^t_none_total 0$/m);
  assert.match(text, /^t_h_count 0$/m);
});
