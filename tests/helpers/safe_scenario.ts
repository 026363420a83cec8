// Kill switch and project rollback end to end, against a running server in either mode: the
// admin API, the published SDK and a raw SSE reader that sees the frames' revisions.
import assert from "node:assert/strict";
import type { Replane } from "@replanejs/sdk";
import { type Api, createSdkKey, createWorld, putConfig, state } from "./api.ts";
import { connectSdk, openStream, SseReader, sync } from "./sdk.ts";
import { eventually } from "./wait.ts";

type Server = { url: string; su: Api };
type Step = (name: string, fn: () => Promise<void>) => Promise<unknown>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pro = { context: { plan: "pro" } } as never;

/** Config change records after the stream's init, with the SSE id each frame carried. */
function changes(reader: SseReader) {
  return reader.frames.filter((f) => (f.data as { type?: string })?.type === "config_change")
    .map((f) => ({
      id: f.id,
      name: (f.data as { config: { name: string } }).config.name,
      value: (f.data as { config: { value: unknown } }).config.value,
    }));
}

export async function killSwitchScenario(server: Server, step: Step): Promise<void> {
  const { su } = server;
  const w = await createWorld(su);
  const prod = w.env.Production!;
  const dev = w.env.Development!;
  const beta = [{
    name: "pro users",
    conditions: [{
      operator: "equals",
      property: "plan",
      value: { type: "literal", value: "pro" },
    }],
    value: "beta",
  }];
  await putConfig(su, w.projectId, "checkout", {
    ...state("new", beta as never),
    base: { value: "new", schema: { type: "string" }, overrides: beta as never },
  });
  const clients: Replane[] = [];
  try {
    const p = await connectSdk(server.url, (await createSdkKey(su, w.projectId, prod)).key);
    const d = await connectSdk(server.url, (await createSdkKey(su, w.projectId, dev)).key);
    clients.push(p, d);
    assert.equal(p.get("checkout", pro), "beta");
    const url = `/projects/${w.projectId}/configs/checkout/kill-switch`;
    let id = "";

    await step("bad kill requests are refused with a reason and change nothing", async () => {
      const missing = await su.send("POST", url, { value: "old", environmentId: prod });
      assert.equal(missing.status, 400);
      assert.match(missing.body.error!, /reason/);
      const blank = await su.send("POST", url, { value: "old", reason: "  " });
      assert.equal(blank.status, 400);
      const wrongType = await su.send("POST", url, { value: 7, reason: "outage" });
      assert.equal(wrongType.status, 400, wrongType.text);
      const unknownEnv = await su.send("POST", url, {
        value: "old",
        reason: "outage",
        environmentId: crypto.randomUUID(),
      });
      assert.equal(unknownEnv.status, 404);
      const cfg = await su.ok("GET", `/projects/${w.projectId}/configs/checkout`);
      assert.equal(cfg.body.version, 1);
    });

    await step(
      "the kill switch in Production reaches its SDK; Development keeps going",
      async () => {
        const res = await su.send("POST", url, {
          value: "old",
          environmentId: prod,
          reason: "checkout errors",
        });
        assert.equal(res.status, 201, res.text);
        const ks = res.body.killSwitch as { id: string; reason: string; killedVersion: number };
        id = ks.id;
        assert.equal(ks.reason, "checkout errors");
        assert.equal(ks.killedVersion, 2);
        await sync(server);
        await eventually(() => assert.equal(p.get("checkout", pro), "old"));
        assert.equal(p.get("checkout"), "old");
        assert.equal(d.get("checkout", pro), "beta");
        const again = await su.send("POST", url, { value: "old", reason: "twice" });
        assert.equal(again.status, 409);
        assert.match(again.body.error!, new RegExp(`kill switch ${id}`));
        const list = await su.ok("GET", `/projects/${w.projectId}/kill-switches`);
        assert.deepEqual((list.body.killSwitches as { id: string }[]).map((k) => k.id), [id]);
        const log = await su.ok("GET", `/projects/${w.projectId}/audit-log`);
        const row = (log.body.entries as { action: string; after: Record<string, unknown> }[])
          .find((e) => e.action === "config.kill_switch");
        assert.deepEqual((row?.after.killSwitch as { reason: string }).reason, "checkout errors");
      },
    );

    await step("undo restores the value and the overrides", async () => {
      const undo = await su.send("POST", `/projects/${w.projectId}/kill-switches/${id}/undo`);
      assert.equal(undo.status, 200, undo.text);
      await sync(server);
      await eventually(() => assert.equal(p.get("checkout", pro), "beta"));
      assert.equal(p.get("checkout"), "new");
      const cfg = await su.ok("GET", `/projects/${w.projectId}/configs/checkout`);
      assert.deepEqual(cfg.body.variants, []);
      const twice = await su.send("POST", `/projects/${w.projectId}/kill-switches/${id}/undo`);
      assert.equal(twice.status, 409);
      const active = await su.ok("GET", `/projects/${w.projectId}/kill-switches`);
      assert.deepEqual(active.body.killSwitches, []);
    });

    await step("a kill switch everywhere reaches both environments; undo too", async () => {
      const res = await su.send("POST", url, { value: "old", reason: "all down" });
      assert.equal(res.status, 201, res.text);
      await sync(server);
      await eventually(() => assert.equal(d.get("checkout", pro), "old"));
      assert.equal(p.get("checkout", pro), "old");
      const ks = res.body.killSwitch as { id: string };
      await su.ok("POST", `/projects/${w.projectId}/kill-switches/${ks.id}/undo`);
      await sync(server);
      await eventually(() => assert.equal(d.get("checkout", pro), "beta"));
      assert.equal(p.get("checkout", pro), "beta");
    });
  } finally {
    for (const c of clients) c.disconnect();
  }
}

export async function rollbackScenario(server: Server, step: Step): Promise<void> {
  const { su } = server;
  const w = await createWorld(su);
  const prod = w.env.Production!;
  const { key } = await createSdkKey(su, w.projectId, prod);
  for (const name of ["a", "b", "c"]) await putConfig(su, w.projectId, name, state(`${name}1`));
  await sleep(15);
  const at = new Date().toISOString();
  await sleep(15);
  await putConfig(su, w.projectId, "a", state("a2"));
  await putConfig(
    su,
    w.projectId,
    "b",
    state("b2", [], [{
      environmentId: prod,
      value: "b2-prod",
      overrides: [],
    }]),
  );
  await su.ok("DELETE", `/projects/${w.projectId}/configs/c`);
  await putConfig(su, w.projectId, "d", state("d2"));
  const reader = new SseReader(await openStream(server, key));
  const sdk = await connectSdk(server.url, key);
  try {
    await reader.until((r) => r.records.length > 0);
    assert.equal(sdk.get("b"), "b2-prod");

    await step("the preview lists what a rollback would change, and changes nothing", async () => {
      const res = await su.send(
        "GET",
        `/projects/${w.projectId}/rollback/preview?at=${encodeURIComponent(at)}`,
      );
      assert.equal(res.status, 200, res.text);
      const steps = res.body.steps as { name: string; kind: string; changes: unknown[] }[];
      assert.deepEqual(steps.map((s) => [s.name, s.kind]), [
        ["a", "update"],
        ["b", "update"],
        ["c", "create"],
        ["d", "delete"],
      ]);
      assert.ok(steps.every((s) => s.changes.length > 0));
      assert.equal((await su.ok("GET", `/projects/${w.projectId}/configs/a`)).body.version, 2);
    });

    await step("bad rollback requests get 4xx", async () => {
      const future = new Date(Date.now() + 3_600_000).toISOString();
      const r1 = await su.send("POST", `/projects/${w.projectId}/rollback`, { at: future });
      assert.equal(r1.status, 400);
      assert.match(r1.body.error!, /in the future/);
      const r2 = await su.send("POST", `/projects/${w.projectId}/rollback`, { at: "yesterday" });
      assert.equal(r2.status, 400);
      const r3 = await su.send("POST", `/projects/${w.projectId}/rollback`, {
        at,
        environmentId: crypto.randomUUID(),
      });
      assert.equal(r3.status, 404);
    });

    await step("the rollback reaches the SDK as one revision, all configs together", async () => {
      const before = reader.frames.length;
      const res = await su.send("POST", `/projects/${w.projectId}/rollback`, {
        at,
        reason: "bad release",
      });
      assert.equal(res.status, 200, res.text);
      const revision = res.body.revision as number;
      assert.ok(revision > 0);
      await reader.until((r) => {
        const names = new Set(
          changes({ frames: r.frames.slice(before) } as SseReader)
            .map((c) => c.name),
        );
        return names.has("a") && names.has("b") && names.has("c");
      });
      await reader.until((r) =>
        r.frames.slice(before).some((f) => (f.data as { type?: string })?.type === "config_delete")
      );
      const group = reader.frames.slice(before).filter((f) => f.data !== undefined);
      // Only the last frame of one revision carries `id:`; a client cut off inside the group
      // resumes before all of it.
      assert.deepEqual(group.map((f) => f.id ?? null), [
        ...group.slice(0, -1).map(() => null),
        String(revision),
      ]);
      await eventually(() => {
        assert.equal(sdk.get("a"), "a1");
        assert.equal(sdk.get("b"), "b1");
        assert.equal(sdk.get("c"), "c1");
      });
      const d = await su.send("GET", `/projects/${w.projectId}/configs/d`);
      assert.equal(d.status, 404);
      const again = await su.ok("POST", `/projects/${w.projectId}/rollback`, { at });
      assert.equal(again.body.revision, null, "a second rollback to the same time changes nothing");
    });
  } finally {
    sdk.disconnect();
    await reader.cancel();
  }
}

export async function environmentRollbackScenario(server: Server, step: Step): Promise<void> {
  const { su } = server;
  const w = await createWorld(su);
  const prod = w.env.Production!;
  const dev = w.env.Development!;
  await putConfig(su, w.projectId, "limit", state(10));
  await sleep(15);
  const at = new Date().toISOString();
  await sleep(15);
  await putConfig(su, w.projectId, "limit", state(20));
  await putConfig(su, w.projectId, "fresh", state(1));
  const p = await connectSdk(server.url, (await createSdkKey(su, w.projectId, prod)).key);
  const d = await connectSdk(server.url, (await createSdkKey(su, w.projectId, dev)).key);
  try {
    await step("rolling back one environment changes only what it serves", async () => {
      const res = await su.send("POST", `/projects/${w.projectId}/rollback`, {
        at,
        environmentId: prod,
      });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body.skipped, [{ name: "fresh", reason: "created after that time" }]);
      await sync(server);
      await eventually(() => assert.equal(p.get("limit"), 10));
      assert.equal(d.get("limit"), 20);
      assert.equal(p.get("fresh"), 1);
    });
  } finally {
    p.disconnect();
    d.disconnect();
  }
}
