// docs/observability.md names every series /metrics exposes, and the Grafana dashboard and the
// alert rules in deploy/ use only documented series (the rules also pass promtool).
import assert from "node:assert/strict";
import { parseSamples, promtoolMissing, scrape } from "./helpers/metrics.ts";
import { startTestServer } from "./helpers/server.ts";

const root = new URL("../", import.meta.url);
const read = (path: string) => Deno.readTextFile(new URL(path, root));

/** A sample's metric family: histogram series lose their suffix. */
const family = (name: string) => name.replace(/_(bucket|count|sum)$/, "");

async function documented(): Promise<Set<string>> {
  const doc = await read("docs/observability.md");
  return new Set([...doc.matchAll(/^\| `([a-z_:]+)`/gm)].map((m) => m[1]!));
}

Deno.test("docs/observability.md lists every series /metrics exposes", async () => {
  const server = await startTestServer({ PROMETHEUS_METRICS_ENABLED: "true" });
  try {
    const names = new Set(parseSamples(await scrape(server.url)).map((s) => family(s.name)));
    const docs = await documented();
    const missing = [...names].filter((n) => !docs.has(n));
    assert.deepEqual(missing, [], "exposed but not documented");
    assert.ok(names.size >= 30, `only ${names.size} series`);
  } finally {
    await server.stop();
  }
});

Deno.test("the Grafana dashboard and alert rules use documented series only", async () => {
  const docs = await documented();
  const dashboard = JSON.parse(await read("deploy/grafana_dashboard.json"));
  const exprs: string[] = dashboard.panels.flatMap((p: { targets: { expr: string }[] }) =>
    p.targets.map((t) => t.expr)
  );
  assert.ok(exprs.length >= 20);
  const rules = await read("deploy/alerts.yml");
  const used = [
    ...`${exprs.join("\n")}\n${rules}`.matchAll(/\b((?:dialtone|replane|process)_[a-z_]+)/g),
  ]
    .map((m) => family(m[1]!));
  const unknown = [...new Set(used)].filter((n) => !docs.has(n));
  assert.deepEqual(unknown, []);
});

Deno.test("promtool accepts deploy/alerts.yml", { ignore: promtoolMissing }, async () => {
  const out = await new Deno.Command("promtool", {
    args: ["check", "rules", new URL("deploy/alerts.yml", root).pathname],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const said = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.ok(out.success, said);
  assert.match(said, /SUCCESS: \d+ rules found/);
});
