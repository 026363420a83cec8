// Keeps the benchmark harness from rotting: its pure helpers on fixed input. No load, no
// servers, no timing asserts (the benchmarks themselves run with `deno task bench`).
import assert from "node:assert/strict";
import { parseFlags } from "../bench/flags.ts";
import { analyze } from "../bench/propagation_case.ts";
import { parseWrk } from "../bench/snapshot.ts";
import { formatBytes, formatMs, formatPercent, percentile, summarize } from "../bench/stats.ts";
import { allOf, judge, renderTable, tally } from "../bench/table.ts";
import { notRun, targetRow } from "../bench/targets.ts";

Deno.test("percentile() is nearest-rank and summarize() skips non-finite values", () => {
  const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(sorted, 50), 50);
  assert.equal(percentile(sorted, 99), 99);
  assert.equal(percentile(sorted, 100), 100);
  assert.equal(percentile([7], 99), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
  const s = summarize([3, NaN, 1, Infinity, 2]);
  assert.deepEqual(s, { n: 3, min: 1, p50: 2, p95: 3, p99: 3, max: 3, mean: 2 });
  assert.equal(summarize([NaN]), null);
});

Deno.test("number formatting picks readable units", () => {
  assert.equal(formatMs(0.25), "250 µs");
  assert.equal(formatMs(4.5), "4.50 ms");
  assert.equal(formatMs(2410), "2.41 s");
  assert.equal(formatBytes(9_800), "9.8 kB");
  assert.equal(formatBytes(212_000_000), "212.0 MB");
  assert.equal(formatPercent(1), "100%");
  assert.equal(formatPercent(0.5), "50.0%");
});

Deno.test("judge() and allOf() turn numbers into verdicts", () => {
  assert.equal(judge(9, 10, "max"), "pass");
  assert.equal(judge(11, 10, "max"), "miss");
  assert.equal(judge(0.8, 0.8, "min"), "pass");
  assert.equal(judge(null, 1, "min"), "not run");
  assert.equal(allOf("pass", "info"), "pass");
  assert.equal(allOf("pass", "miss"), "miss");
  assert.equal(allOf("miss", "not run"), "not run");
});

Deno.test("renderTable() aligns columns and numbers the notes", () => {
  const rows = [
    targetRow("idleRss", "embedded", "61.0 MB", "pass"),
    notRun("prop10k", "postgres", "skipped by --quick"),
  ];
  const lines = renderTable(rows).split("\n");
  assert.match(
    lines[0]!,
    /^\| Metric +\| Mode +\| Measured +\| Target +\| Replane v1\.2\.3 +\| Verdict +\|$/,
  );
  assert.equal(new Set(lines.slice(0, 4).map((l) => [...l].length)).size, 1);
  assert.match(lines[3]!, /not run \[1\]/);
  assert.equal(lines.at(-1), "[1] skipped by --quick");
  assert.deepEqual(tally(rows), { pass: 1, miss: 0, info: 0, "not run": 1 });
});

Deno.test("parseWrk() reads throughput, percentiles and failures", () => {
  const out = `Running 6s test @ http://127.0.0.1:8080/api/sdk/v1/configs
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.10ms    1.20ms  30.00ms   90.00%
  Latency Distribution
     50%    2.90ms
     75%    3.40ms
     90%    4.10ms
     99%  850.00us
  61234 requests in 6.00s, 140.00MB read
  Non-2xx or 3xx responses: 3
Requests/sec:  10205.67
Transfer/sec:     23.33MB
`;
  assert.deepEqual(parseWrk(out), {
    rps: 10205.67,
    p50Ms: 2.9,
    p99Ms: 0.85,
    bad: 3,
    requests: 61234,
  });
});

Deno.test("analyze() measures from the 2xx and from the start, and counts complete streams", () => {
  const writes = [{ start: 100, ack: 104, status: 200 }, { start: 200, ack: 210, status: 200 }];
  const report = {
    // stream 0 got both, stream 1 missed the second, stream 2 never connected
    recv: Float64Array.from([105, 212, 106, NaN, NaN, NaN]),
    lastSeq: Int32Array.from([2, 1, -1]),
    streams: 3,
    dups: 0,
    outOfOrder: 0,
    closed: 1,
  };
  const r = analyze([report], writes);
  assert.equal(r.streams, 2);
  assert.equal(r.complete, 1);
  assert.deepEqual([r.fromAck?.min, r.fromAck?.max], [1, 2]);
  assert.deepEqual([r.fromStart?.min, r.fromStart?.max], [5, 12]);
  assert.equal(r.lastArrival?.max, 12);
  assert.equal(r.closed, 1);
});

Deno.test("parseFlags() understands the documented options", () => {
  assert.deepEqual(parseFlags(["--", "--quick", "--only", "snapshot,density", "--mode=embedded"]), {
    quick: true,
    only: ["snapshot", "density"],
    modes: ["embedded"],
    json: null,
    help: false,
  });
  assert.ok("error" in parseFlags(["--only", "nope"]));
  assert.ok("error" in parseFlags(["--mode", "mysql"]));
});
