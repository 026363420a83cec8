// Evaluation counts: OFREP and POST /api/sdk/v1/evaluate count per flag, variant and
// environment; the admin route reads them back; a graceful stop flushes, a kill -9 loses at
// most the last interval; a flush the store refuses keeps its counts.
import assert from "node:assert/strict";
import { silentLogger } from "../src/log.ts";
import { EvaluationCounter } from "../src/service/evaluation_counter.ts";
import { openSqliteStore } from "../src/store/sqlite/sqlite_store.ts";
import { Api, socket, SUPERUSER_KEY } from "./helpers/api.ts";
import { evaluateAll, evaluateFlag, ofrepWorld } from "./helpers/ofrep.ts";
import { startDialtone } from "./helpers/process.ts";
import { sync } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";
import { waitFor } from "./helpers/wait.ts";

type Counts = {
  count: number;
  lastEvaluatedAt: string | null;
  environments: {
    environmentName: string;
    count: number;
    variants: { variant: string; count: number }[];
  }[];
};

async function counts(su: Api, projectId: string, name: string): Promise<Counts> {
  const r = await su.ok("GET", `/projects/${projectId}/configs/${name}/evaluations`);
  return r.body as unknown as Counts;
}

const variantsIn = (c: Counts, env: string) =>
  Object.fromEntries(
    c.environments.find((e) => e.environmentName === env)!.variants.map((v) => [
      v.variant,
      v.count,
    ]),
  );

function sdkEvaluate(url: string, key: string | null, body: unknown) {
  return fetch(`${url}/api/sdk/v1/evaluate`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(key ? { Authorization: `Bearer ${key}` } : {}),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

Deno.test("evaluations are counted per environment and variant and read back", async () => {
  const server = await startTestServer({}, { server: { evaluationFlushMs: 100 } });
  try {
    const w = await ofrepWorld(server.su);
    await sync(server);
    const before = await counts(server.su, w.projectId, "dark-mode");
    assert.equal(before.count, 0);
    assert.equal(before.lastEvaluatedAt, null);
    assert.deepEqual(before.environments.map((e) => e.environmentName).sort(), [
      "Development",
      "Production",
    ]);
    for (let i = 0; i < 3; i++) {
      await evaluateFlag(server.url, w.key, "dark-mode", { plan: "beta" });
    }
    for (let i = 0; i < 2; i++) await evaluateFlag(server.url, w.key, "dark-mode", { plan: "x" });
    await evaluateFlag(server.url, w.devKey, "dark-mode", { plan: "beta" });
    // A bulk call evaluates every flag once; its 304 evaluates nothing.
    const bulk = await evaluateAll(server.url, w.key, { targetingKey: "u", plan: "beta" });
    await evaluateAll(server.url, w.key, { targetingKey: "u", plan: "beta" }, {
      "If-None-Match": bulk.headers.get("etag")!,
    });
    // Failures count nothing.
    await evaluateFlag(server.url, w.key, "new-checkout", {});
    await evaluateFlag(server.url, w.key, "no-such-flag", {});
    const res = await sdkEvaluate(server.url, w.key, {
      context: { plan: "beta" },
      configs: ["dark-mode", "nope"],
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      configs: [{ name: "dark-mode", value: true, variant: "beta", reason: "TARGETING_MATCH" }],
      missing: ["nope"],
    });

    await waitFor("the counts to be flushed", async () => {
      return (await counts(server.su, w.projectId, "dark-mode")).count === 8;
    });
    const c = await counts(server.su, w.projectId, "dark-mode");
    assert.deepEqual(variantsIn(c, "Production"), { beta: 5, default: 2 });
    assert.deepEqual(variantsIn(c, "Development"), { beta: 1 });
    assert.ok(Date.now() - Date.parse(c.lastEvaluatedAt!) < 60_000);
    const rollout = await counts(server.su, w.projectId, "new-checkout");
    assert.equal(rollout.count, 1, "the bulk call, not the TARGETING_KEY_MISSING one");
    const missing = await server.su.send(
      "GET",
      `/projects/${w.projectId}/configs/nope/evaluations`,
    );
    assert.equal(missing.status, 404);
  } finally {
    await server.stop();
  }
});

Deno.test("POST /api/sdk/v1/evaluate: every config by default, SDK semantics, clear errors", async () => {
  const server = await startTestServer();
  try {
    const w = await ofrepWorld(server.su);
    await sync(server);
    const all = await sdkEvaluate(server.url, w.key, { context: { plan: "pro" } });
    const body = await all.json();
    const byName = Object.fromEntries(
      (body.configs as { name: string; value: unknown }[]).map((c) => [c.name, c.value]),
    );
    // As the stream SDK: a rollout by a missing targetingKey simply does not match.
    assert.deepEqual(byName, {
      "dark-mode": false,
      greeting: "hello",
      "max-items": 50,
      "new-checkout": false,
      theme: { color: "blue", size: 2 },
      unset: null,
    });
    for (
      const [key, payload, status] of [
        [null, {}, 401],
        ["rp_" + "0".repeat(80), {}, 401],
        [w.key, "{", 400],
        [w.key, { context: [] }, 400],
        [w.key, { configs: "dark-mode" }, 400],
        [w.key, { configs: [1] }, 400],
        [w.key, { configs: Array.from({ length: 10_001 }, (_, i) => `c${i}`) }, 400],
      ] as const
    ) {
      const r = await sdkEvaluate(server.url, key, payload);
      assert.equal(r.status, status, JSON.stringify(payload).slice(0, 80));
      assert.equal(typeof (await r.json()).msg, "string");
    }
  } finally {
    await server.stop();
  }
});

Deno.test("a flush the store refuses keeps its counts in memory, none counted twice", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-counter-" });
  try {
    const store = await openSqliteStore(`${dir}/dialtone.db`);
    const counter = new EvaluationCounter(store, silentLogger, 60_000);
    const t = counter.tally("p", "e", "flag", "default");
    for (let i = 0; i < 5; i++) counter.record(t);
    await counter.flush();
    assert.equal(counter.pending, 0);
    await store.close();
    counter.record(t);
    counter.record(t);
    await counter.flush(); // the store is closed: the write fails
    assert.equal(counter.pending, 2);
    const reopened = await openSqliteStore(`${dir}/dialtone.db`);
    const rows = await reopened.read((tx) => tx.evaluations.forConfig("p", "flag", 0));
    assert.deepEqual(rows.map((r) => r.count), [5]);
    await reopened.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("counts survive a graceful stop whole, and a kill -9 but for the last interval", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-kill-" });
  const env = { DATA_DIR: dir, SUPERUSER_API_KEY: SUPERUSER_KEY, TESTING_MODE: "true" };
  let proc = await startDialtone(env);
  try {
    const su = () => new Api(socket(proc.url), { bearer: SUPERUSER_KEY });
    const w = await ofrepWorld(su());
    await sync(proc);
    const evaluate = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const r = await evaluateFlag(proc.url, w.key, "greeting", {});
        assert.equal(r.status, 200);
      }
    };
    await evaluate(7);
    // The default interval is 5 s: wait for the flush that holds the 7.
    await waitFor(
      "the first flush",
      async () => (await counts(su(), w.projectId, "greeting")).count === 7,
      15_000,
    );
    await evaluate(3);
    await proc.kill();
    proc = await startDialtone(env);
    const afterKill = (await counts(su(), w.projectId, "greeting")).count;
    assert.ok(afterKill >= 7 && afterKill <= 10, `${afterKill}`);
    await evaluate(4);
    assert.equal(await proc.stop(), 0);
    proc = await startDialtone(env);
    assert.equal((await counts(su(), w.projectId, "greeting")).count, afterKill + 4);
  } finally {
    await proc.kill();
    await Deno.remove(dir, { recursive: true });
  }
});
