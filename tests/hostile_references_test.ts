// Reference amplification: one config with 7,000 references to a 1 MiB config would render to
// ~7 GB ("RangeError: Invalid string length" in the replicator, so no later change reached any
// SDK). render.ts bounds what references resolve to per rendered config (LIMITS.maxResolvedBytes).
import assert from "node:assert/strict";
import { Api, createSdkKey, createWorld, socket, SUPERUSER_KEY } from "./helpers/api.ts";
import { startDialtone } from "./helpers/process.ts";

Deno.test("references cannot multiply one config into gigabytes or stall replication", async () => {
  const dir = await Deno.makeTempDir();
  const proc = await startDialtone({
    DATA_DIR: dir,
    SUPERUSER_API_KEY: SUPERUSER_KEY,
    TESTING_MODE: "true",
  });
  try {
    const su = new Api(socket(proc.url), { bearer: SUPERUSER_KEY });
    const w = await createWorld(su);
    const sdk = await createSdkKey(su, w.projectId, w.env.Production!);
    await su.ok("POST", `/projects/${w.projectId}/configs`, {
      name: "big",
      base: { value: "x".repeat(1_000_000) },
    });
    const cond = {
      operator: "equals",
      property: "p",
      value: { type: "reference", projectId: w.projectId, configName: "big", path: [] },
    };
    const overrides = Array.from({ length: 70 }, (_, i) => ({
      name: `o${i}`,
      conditions: Array(100).fill(cond),
      value: 1,
    }));
    const started = performance.now();
    await su.send("POST", `/projects/${w.projectId}/configs`, {
      name: "bomb",
      base: { value: 1, overrides },
    });
    assert.ok(performance.now() - started < 2_000, "the write took seconds");
    await su.ok("POST", `/projects/${w.projectId}/configs`, { name: "later", base: { value: 2 } });
    const sync = await fetch(`${proc.url}/api/sdk/v1/testing/sync`, {
      method: "POST",
      headers: { authorization: `Bearer ${sdk.key}` },
    });
    assert.equal(sync.status, 200, await sync.text());
  } finally {
    await proc.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
