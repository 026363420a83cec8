// OFREP event streams over a real socket: the URL the bulk answer advertises, one
// refetchEvaluation per change with the same bytes for every listener, resume with
// Last-Event-ID, refetches with flagConfigEtag, and revocation.
import assert from "node:assert/strict";
import { deleteConfig, putConfig, state } from "./helpers/api.ts";
import { evaluateAll, ofrep, ofrepWorld } from "./helpers/ofrep.ts";
import { SseReader, sync } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";

async function streamUrl(url: string, key: string): Promise<string> {
  const r = await evaluateAll(url, key, { targetingKey: "u" });
  assert.equal(r.status, 200);
  return (r.body.eventStreams as { url: string }[])[0]!.url;
}

async function listen(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
  const res = await fetch(url, { headers: { Accept: "text/event-stream", ...headers } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/event-stream");
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
  return new SseReader(res);
}

const refetches = (r: SseReader) => r.records.filter((x) => x.type === "refetchEvaluation");

Deno.test("OFREP event streams: one refetchEvaluation per change, the same for every listener", async () => {
  const server = await startTestServer();
  const readers: SseReader[] = [];
  try {
    const w = await ofrepWorld(server.su);
    await sync(server);
    const url = await streamUrl(server.url, w.key);
    const a = await listen(url);
    const b = await listen(url);
    const dev = await listen(await streamUrl(server.url, w.devKey));
    readers.push(a, b, dev);
    await a.until((r) => r.frames.some((f) => f.comment === "connected"));
    assert.equal(refetches(a).length, 0, "nothing changed since the bulk answer");

    await putConfig(server.su, w.projectId, "greeting", state("one"));
    await a.until((r) => refetches(r).length === 1);
    await b.until((r) => refetches(r).length === 1);
    const event = refetches(a)[0]!;
    assert.deepEqual(refetches(b)[0], event);
    assert.match(String(event.etag), /^\d+$/);
    assert.equal(typeof event.lastModified, "number");
    const idFrame = a.frames.find((f) => f.data !== undefined)!;
    assert.equal(idFrame.id, event.etag, "the SSE id is the revision, for Last-Event-ID");

    // The refetch the provider makes answers the new value.
    const after = await evaluateAll(server.url, w.key, { targetingKey: "u" });
    const flags = after.body.flags as { key: string; value: unknown }[];
    assert.equal(flags.find((f) => f.key === "greeting")!.value, "one");

    await putConfig(server.su, w.projectId, "greeting", state("two"));
    await deleteConfig(server.su, w.projectId, "unset");
    await a.until((r) => refetches(r).length === 3);
    await b.until((r) => refetches(r).length === 3);
    assert.deepEqual(refetches(a), refetches(b));

    // A change only Development sees (its variant) notifies Development alone.
    const devBefore = refetches(dev).length;
    const devOnly = (value: string) =>
      state("two", [], [{ environmentId: w.env.Development!, value, overrides: [] }]);
    await putConfig(server.su, w.projectId, "greeting", devOnly("yo"));
    await dev.until((r) => refetches(r).length === devBefore + 1);
    await sync(server);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(refetches(a).length, 3, "Production's flags did not change");
  } finally {
    for (const r of readers) await r.cancel();
    await server.stop();
  }
});

Deno.test("OFREP event streams resume: Last-Event-ID or the URL's revision says what was missed", async () => {
  const server = await startTestServer();
  const readers: SseReader[] = [];
  try {
    const w = await ofrepWorld(server.su);
    await sync(server);
    const url = await streamUrl(server.url, w.key);
    const since = Number(new URL(url).searchParams.get("since"));
    await putConfig(server.su, w.projectId, "greeting", state("changed while away"));
    await sync(server);
    // The bulk answer's URL names the revision it reflected: the change after it is told at once.
    const late = await listen(url);
    readers.push(late);
    await late.until((r) => refetches(r).length === 1);
    const now = Number(refetches(late)[0]!.etag);
    assert.ok(now > since);
    // A client that already heard of `now` hears nothing more.
    const current = await listen(url, { "Last-Event-ID": String(now) });
    readers.push(current);
    await current.until((r) => r.frames.some((f) => f.comment === "connected"));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(refetches(current).length, 0);
    // One that heard only of an older revision is told again.
    const behind = await listen(url, { "Last-Event-ID": String(now - 1) });
    readers.push(behind);
    await behind.until((r) => refetches(r).length === 1);
  } finally {
    for (const r of readers) await r.cancel();
    await server.stop();
  }
});

Deno.test("OFREP bulk refetches accept flagConfigEtag and flagConfigLastModified", async () => {
  const server = await startTestServer();
  try {
    const w = await ofrepWorld(server.su);
    await sync(server);
    const base = "/ofrep/v1/evaluate/flags";
    const body = { context: { targetingKey: "u" } };
    const first = await evaluateAll(server.url, w.key, body.context);
    const revision = (first.body.metadata as { revision: number }).revision;
    for (
      const q of [
        `flagConfigEtag=${revision}&flagConfigLastModified=1771622898`,
        `flagConfigEtag=%22${revision}%22&flagConfigLastModified=2026-02-20T21%3A28%3A18Z`,
        "flagConfigEtag=not-ours&flagConfigLastModified=garbage",
      ]
    ) {
      const r = await ofrep(server.url, `${base}?${q}`, w.key, body);
      assert.equal(r.status, 200, q);
      assert.deepEqual(r.body.flags, first.body.flags);
    }
    // A revision this replica does not have yet: it waits for it, briefly, then answers.
    const started = performance.now();
    const ahead = await ofrep(server.url, `${base}?flagConfigEtag=${revision + 1000}`, w.key, body);
    assert.equal(ahead.status, 200);
    assert.ok(performance.now() - started >= 1_500, "it waited for the replica");
  } finally {
    await server.stop();
  }
});

Deno.test("OFREP event streams: a bad token is 401; deleting the key ends its streams", async () => {
  const server = await startTestServer();
  try {
    const w = await ofrepWorld(server.su);
    await sync(server);
    const url = await streamUrl(server.url, w.key);
    const forged = new URL(url);
    forged.searchParams.set("token", forged.searchParams.get("token")!.slice(0, -2) + "xx");
    for (
      const bad of [forged.href, `${server.url}/ofrep/v1/events`, `${url.split("?")[0]}?token=x`]
    ) {
      const res = await fetch(bad);
      const text = await res.text();
      assert.equal(res.status, 401, bad);
      assert.equal(typeof JSON.parse(text).errorDetails, "string");
    }
    const reader = await listen(url);
    await reader.until((r) => r.frames.some((f) => f.comment === "connected"));
    await server.su.ok("DELETE", `/projects/${w.projectId}/sdk-keys/${w.keyId}`);
    await reader.until((r) => r.done, 5_000);
    const again = await fetch(url);
    await again.body?.cancel();
    assert.equal(again.status, 401);
  } finally {
    await server.stop();
  }
});
