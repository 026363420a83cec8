// The SDK stream refuses a request without a valid key before it reads the body: a client
// without a key cannot make the server read (and hold) up to 16 MiB.
import assert from "node:assert/strict";
import { startTestServer } from "./helpers/server.ts";

Deno.test("the SDK stream answers a bad key without waiting for the body", async () => {
  const server = await startTestServer();
  try {
    // A body that never ends: a server that reads it first never answers.
    let pull: ReadableStreamDefaultController<Uint8Array> | undefined;
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        pull = c;
        c.enqueue(new TextEncoder().encode('{"currentConfigs": ['));
      },
    });
    const res = await fetch(`${server.url}/api/sdk/v1/replication/stream`, {
      method: "POST",
      headers: { authorization: `Bearer rp_${"0".repeat(80)}`, "content-type": "application/json" },
      body,
      signal: AbortSignal.timeout(5_000),
    });
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { msg: "Invalid SDK key" });
    pull?.close();
  } finally {
    await server.stop();
  }
});
