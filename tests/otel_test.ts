// OpenTelemetry in embedded mode: a Dialtone process with OTEL_DENO=true exports to a test
// OTLP/HTTP receiver; one admin write's trace covers the request, the commit, the replicator
// and the fan-out, and its access log line carries the trace. Without OTEL_DENO nothing is sent.
import assert from "node:assert/strict";
import { Api, socket, SUPERUSER_KEY } from "./helpers/api.ts";
import { traceOneWrite } from "./helpers/otel_scenario.ts";
import { OtlpReceiver } from "./helpers/otlp_receiver.ts";
import { startDialtone } from "./helpers/process.ts";

Deno.test("otel: one admin write is traced through commit, replicate and fan-out (embedded)", async () => {
  const receiver = new OtlpReceiver();
  const dir = await Deno.makeTempDir({ prefix: "dialtone-otel-" });
  const proc = await startDialtone({
    DATA_DIR: dir,
    SUPERUSER_API_KEY: SUPERUSER_KEY,
    TESTING_MODE: "true",
    ...receiver.env("dialtone-embedded"),
  });
  try {
    const su = new Api(socket(proc.url), { bearer: SUPERUSER_KEY });
    const { commit } = await traceOneWrite(receiver, [
      { url: proc.url, su, service: "dialtone-embedded" },
    ]);
    assert.equal(commit.attributes["db.system.name"], "sqlite");
  } finally {
    await proc.stop();
    await receiver.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("otel: an endpoint without OTEL_DENO=true exports nothing and says so", async () => {
  const receiver = new OtlpReceiver();
  const dir = await Deno.makeTempDir({ prefix: "dialtone-otel-" });
  const { OTEL_DENO: _, ...env } = receiver.env("dialtone-off");
  const proc = await startDialtone({ DATA_DIR: dir, SUPERUSER_API_KEY: SUPERUSER_KEY, ...env });
  try {
    await proc.waitForOutput(/OTEL_EXPORTER_OTLP_ENDPOINT is set but OTEL_DENO is not true/);
    const su = new Api(socket(proc.url), { bearer: SUPERUSER_KEY });
    await su.ok("GET", "/workspaces");
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(receiver.spans.length + receiver.logs.length, 0);
  } finally {
    await proc.stop();
    await receiver.close();
    await Deno.remove(dir, { recursive: true });
  }
});
