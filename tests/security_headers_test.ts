// Security headers on a real server: admin API answers, the dashboard shell (its own CSP kept),
// the SDK snapshot and OFREP fast paths answered before Hono, and an SSE stream; HSTS only
// when BASE_URL is https.
import assert from "node:assert/strict";
import { createSdkKey, createWorld } from "./helpers/api.ts";
import { startTestServer } from "./helpers/server.ts";

const BASE = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
};

function assertHardened(res: Response, what: string) {
  for (const [name, value] of Object.entries(BASE)) {
    assert.equal(res.headers.get(name), value, `${what}: ${name}`);
  }
  assert.ok(res.headers.get("referrer-policy"), `${what}: referrer-policy`);
  assert.match(res.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/, what);
}

Deno.test("every kind of response carries the security headers; HSTS only over https", async () => {
  for (const baseUrl of ["http://localhost:1", "https://flags.example.com"]) {
    const server = await startTestServer({ BASE_URL: baseUrl });
    try {
      const w = await createWorld(server.su);
      const { key } = await createSdkKey(server.su, w.projectId, w.env.Production!);
      const auth = { authorization: `Bearer ${key}` };
      const answers: [string, Response][] = [
        [
          "admin API",
          await fetch(`${server.url}/api/admin/v1/workspaces`, {
            headers: { authorization: `Bearer ${server.su.auth.bearer}` },
          }),
        ],
        ["unauthenticated 401", await fetch(`${server.url}/api/admin/v1/workspaces`)],
        ["dashboard shell", await fetch(`${server.url}/projects`)],
        ["snapshot fast path", await fetch(`${server.url}/api/sdk/v1/configs`, { headers: auth })],
        ["refused snapshot", await fetch(`${server.url}/api/sdk/v1/configs`)],
        [
          "OFREP fast path",
          await fetch(`${server.url}/ofrep/v1/evaluate/flags`, {
            method: "POST",
            headers: { ...auth, "content-type": "application/json" },
            body: JSON.stringify({ context: {} }),
          }),
        ],
        ["health", await fetch(`${server.url}/api/health`)],
      ];
      for (const [what, res] of answers) {
        await res.body?.cancel();
        assertHardened(res, what);
        const hsts = res.headers.get("strict-transport-security");
        if (baseUrl.startsWith("https:")) assert.equal(hsts, "max-age=31536000", what);
        else assert.equal(hsts, null, what);
      }
      // The dashboard keeps its own policy, which lets it load its scripts.
      const shell = answers.find(([w]) => w === "dashboard shell")![1];
      assert.match(shell.headers.get("content-security-policy")!, /script-src 'self'/);
      assert.equal(shell.headers.get("referrer-policy"), "same-origin");

      // An SDK stream: the headers come with the event stream, which still flows.
      const stream = await fetch(`${server.url}/api/sdk/v1/replication/stream`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ currentConfigs: [], requiredConfigs: [] }),
      });
      assert.equal(stream.status, 200);
      assert.match(stream.headers.get("content-type")!, /text\/event-stream/);
      assertHardened(stream, "SSE stream");
      const reader = stream.body!.getReader();
      const first = await reader.read();
      assert.ok(first.value && first.value.length > 0, "the stream sends its first frame");
      await reader.cancel();
    } finally {
      await server.stop();
    }
  }
});
