// Against plain Replane the SDK degrades gracefully. Replane cannot run here, so a small server
// speaks exactly what Replane 1.2.3 sends (REPLANE_COMPAT.md §1.1): no `id:` lines, no
// deletions, no ack endpoint. It ends each stream after its frames, so every reconnect is seen.
import assert from "node:assert/strict";
import { dialtone } from "./helpers/sdk_js.ts";
import { waitFor } from "./helpers/wait.ts";

Deno.test("SDK against a Replane-like server: no resume, no receipts, deletions via init", {
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  const requests: { path: string; lastEventId: string | null }[] = [];
  let configs = [{ name: "a", value: 1, overrides: [] }, { name: "b", value: 2, overrides: [] }];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const path = new URL(req.url).pathname;
    requests.push({ path, lastEventId: req.headers.get("last-event-id") });
    if (path !== "/api/sdk/v1/replication/stream") {
      return new Response("Not found", { status: 404 });
    }
    const frames = `: connected\n\ndata: ${JSON.stringify({ type: "init", configs })}\n\n` +
      `data: ${
        JSON.stringify({ type: "config_change", config: { ...configs[0], value: 10 } })
      }\n\n`;
    return new Response(frames, { headers: { "Content-Type": "text/event-stream" } });
  });
  const url = `http://127.0.0.1:${server.addr.port}`;
  const client = dialtone(url, `rp_${"1".repeat(80)}`, { receipts: { intervalMs: 50 } });
  try {
    await client.ready;
    await waitFor("the change", () => client.get("a") === 10);
    assert.equal(client.lastEventId, null);
    // b is gone from the next init: the reconnect's full state removes it.
    configs = [configs[0]!];
    await waitFor("b removed by a later init", () => !client.names().includes("b"), 5_000);
    const streams = requests.filter((r) => r.path.endsWith("/replication/stream"));
    assert.ok(streams.length >= 2);
    assert.ok(streams.every((r) => r.lastEventId === null), "never a Last-Event-ID");
    assert.equal(
      requests.filter((r) => r.path === "/api/sdk/v1/ack").length,
      0,
      "no revision to ack",
    );
  } finally {
    await client.close();
    await server.shutdown();
  }
});
