// Dialtone's own SDK (sdk/js, from source) against a real server over sockets: initial load,
// live changes, deletion, receipts in the connections view, resume after a silently dropped
// connection, and an offline start from a snapshot on disk.
import assert from "node:assert/strict";
import { createSdkKey, createWorld, deleteConfig, putConfig, state } from "./helpers/api.ts";
import { sync } from "./helpers/sdk.ts";
import { dialtone, recordingFetch, records } from "./helpers/sdk_js.ts";
import { startTestServer } from "./helpers/server.ts";
import { TcpProxy } from "./helpers/tcp_proxy.ts";
import { eventually, waitFor } from "./helpers/wait.ts";
import { fileSnapshot } from "../sdk/js/src/mod.ts";
import type { ChangeEvent } from "../sdk/js/src/mod.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test(
  "SDK: initial load, live change, deletion and receipts in the connections view",
  opts,
  async (t) => {
    const server = await startTestServer();
    const w = await createWorld(server.su);
    await putConfig(
      server.su,
      w.projectId,
      "limit",
      state(10, [{
        name: "pro",
        conditions: [{
          operator: "equals",
          property: "plan",
          value: { type: "literal", value: "pro" },
        }],
        value: 100,
      }]),
    );
    await putConfig(server.su, w.projectId, "doomed", state("bye"));
    const { key } = await createSdkKey(server.su, w.projectId, w.env.Production!);
    await sync(server);
    const client = dialtone(server.url, key, { receipts: { intervalMs: 200 } });
    const seen: ChangeEvent[][] = [];
    client.subscribe((changes) => seen.push(changes));
    try {
      await t.step("initial load, evaluated locally with a context", async () => {
        await client.ready;
        assert.equal(client.status, "live");
        assert.equal(client.get<number>("limit"), 10);
        assert.equal(client.get<number>("limit", { context: { plan: "pro" } }), 100);
        assert.equal(client.get("missing", { default: "d" }), "d");
        assert.throws(() => client.get("missing"), /Config "missing" not found/);
      });
      await t.step("a live change reaches onChange", async () => {
        const changed: ChangeEvent[] = [];
        const off = client.onChange("limit", (c) => changed.push(c));
        await putConfig(server.su, w.projectId, "limit", state(20));
        await waitFor("the change", () => client.get("limit") === 20);
        assert.deepEqual(changed, [{ name: "limit", deleted: false }]);
        off();
      });
      await t.step("a deletion removes the config", async () => {
        await deleteConfig(server.su, w.projectId, "doomed");
        await waitFor("the deletion", () => !client.names().includes("doomed"));
        assert.deepEqual(seen.at(-1), [{ name: "doomed", deleted: true }]);
        assert.equal(client.get("doomed", { default: null }), null);
      });
      await t.step(
        "receipts: the connections view shows the revision the client applied",
        async () => {
          const applied = Number(client.lastEventId);
          assert.ok(applied > 0);
          const path = `/projects/${w.projectId}/environments/${w.env.Production}/connections`;
          await eventually(async () => {
            const view = await server.su.ok("GET", path);
            const clients = view.body.clients as {
              clientId: string;
              sdk: { name: string };
              ackedRevision: number | null;
              applied: boolean;
            }[];
            const mine = clients.find((c) => c.clientId === client.clientId);
            assert.ok(mine, JSON.stringify(clients));
            assert.equal(mine.sdk.name, "dialtone-js-sdk");
            assert.equal(mine.ackedRevision, applied);
            assert.equal(mine.applied, true);
          });
        },
      );
    } finally {
      await client.close();
      await server.stop();
    }
  },
);

Deno.test(
  "SDK: after a silently dropped connection it resumes and receives only what it missed",
  opts,
  async () => {
    const server = await startTestServer({ SSE_HEARTBEAT_SECONDS: "1" });
    const proxy = new TcpProxy(Number(new URL(server.url).port));
    const w = await createWorld(server.su);
    for (const name of ["a", "b", "c"]) await putConfig(server.su, w.projectId, name, state(1));
    const { key } = await createSdkKey(server.su, w.projectId, w.env.Production!);
    await sync(server);
    const recorder = recordingFetch();
    const client = dialtone(`http://127.0.0.1:${proxy.port}`, key, {
      fetch: recorder.fetch,
      heartbeatTimeoutMs: 2_500,
    });
    const statuses: string[] = [];
    client.onStatus((s) => statuses.push(s));
    try {
      await client.ready;
      const before = client.lastEventId;
      assert.ok(before !== null);
      proxy.freezeExisting();
      await putConfig(server.su, w.projectId, "b", state(2));
      await waitFor("the resumed change", () => client.get("b") === 2, 15_000);
      assert.ok(statuses.includes("stale"), `the watchdog noticed: ${statuses}`);
      assert.equal(client.status, "live");
      const resumed = recorder.streams.at(-1)!;
      assert.equal(resumed.lastEventId, before);
      assert.deepEqual(
        records(resumed).map((r) => [r.type, (r.config as { name?: string })?.name]),
        [["config_change", "b"]],
        "no init, and nothing but the change it missed",
      );
      assert.equal(records(recorder.streams[0]!)[0]!.type, "init");
    } finally {
      await client.close();
      await proxy.close();
      await server.stop();
    }
  },
);

Deno.test(
  "SDK: offline start from a snapshot on disk, then catching up when the server returns",
  opts,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "dialtone-sdk-offline-" });
    const snapshotPath = `${dir}/snapshot.json`;
    await Deno.mkdir(`${dir}/server`);
    let server = await startTestServer({}, { dir: `${dir}/server` });
    const port = new URL(server.url).port;
    try {
      const w = await createWorld(server.su);
      await putConfig(server.su, w.projectId, "mode", state("first"));
      const { key } = await createSdkKey(server.su, w.projectId, w.env.Production!);
      await sync(server);
      const first = dialtone(server.url, key, { snapshot: fileSnapshot(snapshotPath) });
      await first.ready;
      await putConfig(server.su, w.projectId, "mode", state("second"));
      await waitFor("the change", () => first.get("mode") === "second");
      await first.close();
      const saved = JSON.parse(await Deno.readTextFile(snapshotPath));
      assert.equal(saved.configs[0].value, "second");
      await server.shutdown();

      // The server is down: ready comes from the snapshot, marked stale.
      const offline = dialtone(server.url, key, { snapshot: fileSnapshot(snapshotPath) });
      const statuses: string[] = [];
      offline.onStatus((s) => statuses.push(s));
      try {
        await offline.ready;
        assert.equal(offline.status, "stale");
        assert.equal(offline.stale, true);
        assert.equal(offline.get("mode"), "second");

        server = await startTestServer({ PORT: port }, { dir: `${dir}/server` });
        await waitFor("live again", () => offline.status === "live", 10_000);
        await putConfig(server.su, w.projectId, "mode", state("third"));
        await waitFor("the catch-up", () => offline.get("mode") === "third");
        assert.deepEqual(statuses, ["stale", "live"]);
      } finally {
        await offline.close();
      }
    } finally {
      await server.shutdown().catch(() => {});
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test(
  "SDK: receipts are batched (one per interval, the newest revision) and can be off",
  opts,
  async () => {
    const server = await startTestServer();
    const w = await createWorld(server.su);
    await putConfig(server.su, w.projectId, "n", state(0));
    const { key } = await createSdkKey(server.su, w.projectId, w.env.Production!);
    await sync(server);
    const acks = (log: string[]): typeof fetch => async (input, init) => {
      if (String(input).endsWith("/api/sdk/v1/ack")) log.push(String(init?.body));
      return await fetch(input, init);
    };
    const sent: string[] = [];
    const none: string[] = [];
    const client = dialtone(server.url, key, {
      fetch: acks(sent),
      receipts: { intervalMs: 1_500 },
    });
    const silent = dialtone(server.url, key, { fetch: acks(none), receipts: false });
    try {
      await Promise.all([client.ready, silent.ready]);
      await waitFor("the first receipt", () => sent.length === 1);
      const started = Date.now();
      for (let i = 1; i <= 5; i++) await putConfig(server.su, w.projectId, "n", state(i));
      await waitFor("the last change", () => client.get("n") === 5 && silent.get("n") === 5);
      const newest = Number(client.lastEventId);
      const lastSent = () => JSON.parse(sent.at(-1)!) as { revision: number; clientId: string };
      await waitFor("the receipt of the newest revision", () => lastSent().revision === newest);
      // One receipt per 1.5 s at most, whatever the number of changes in between.
      const windows = Math.ceil((Date.now() - started) / 1_500);
      assert.ok(sent.length - 1 <= windows, `${sent.length - 1} receipts in ${windows} intervals`);
      assert.ok(sent.length < 6, "fewer receipts than changes");
      assert.equal(lastSent().clientId, client.clientId);
      assert.deepEqual(none, []);
    } finally {
      await client.close();
      await silent.close();
      await server.stop();
    }
  },
);
