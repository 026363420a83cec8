import assert from "node:assert/strict";
import { createLogger } from "../log.ts";
import { openSqliteStore } from "../store/sqlite/sqlite_store.ts";
import type { Store } from "../store/store.ts";
import { replicaTables } from "./replica.ts";
import { openReplicaDb } from "./replica_db.ts";
import { createReplicator, type ReplicatorOptions } from "./replicator.ts";

// How the replicator wakes up: retries while the primary fails, deadlines on reads, and
// doorbell rings that coalesce while a catch-up runs.

type Fault = "refuse" | "hang" | "hold" | null;

/** A real store whose reads fail the way `fault` says, until it is set back to null. */
async function withFaultyStore(
  options: ReplicatorOptions,
  fn: (s: {
    store: Store;
    setFault(f: Fault): void;
    replicator: ReturnType<typeof createReplicator>;
    logs: string[];
    /** Replica commits (publish calls) so far. */
    commits(): number;
    /** While the fault is "hold", reads wait for this. */
    release(): void;
  }) => Promise<void>,
) {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-faulty-" });
  const real = await openSqliteStore(`${dir}/d.db`);
  let fault: Fault = null;
  const held = Promise.withResolvers<void>();
  const store: Store = {
    ...real,
    read: (fn) =>
      fault === "refuse"
        ? Promise.reject(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }))
        : fault === "hang"
        ? new Promise(() => {})
        : fault === "hold"
        ? held.promise.then(() => real.read(fn))
        : real.read(fn),
  };
  let commits = 0;
  const logs: string[] = [];
  const log = createLogger({ level: "debug", format: "json", write: (l) => logs.push(l) });
  const db = openReplicaDb(`${dir}/replica.db`, log);
  const replicator = createReplicator({
    store,
    replica: replicaTables(db),
    publish: () => void commits++,
    log,
  }, options);
  try {
    await fn({
      store,
      setFault: (f) => fault = f,
      replicator,
      logs,
      commits: () => commits,
      release: () => held.resolve(),
    });
  } finally {
    await replicator.stop();
    await real.close();
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const writeProject = (store: Store) =>
  store.write(async (tx) => {
    const ws = await tx.workspaces.create("W");
    await tx.projects.create(ws.id, "P");
    return tx.feed.lastAppended!;
  });

Deno.test("the replicator retries an unreachable primary with backoff, warning once", async () => {
  await withFaultyStore({ retryDelayMs: 5, maxRetryDelayMs: 20 }, async (s) => {
    s.setFault("refuse");
    await s.replicator.start();
    assert.equal(s.replicator.failing, true);
    await new Promise((r) => setTimeout(r, 150)); // several retries
    const revision = await writeProject(s.store);
    s.setFault(null);
    await s.replicator.waitFor(revision, 2_000);
    assert.equal(s.replicator.failing, false);
    const warnings = s.logs.filter((l) => l.includes('"level":"warn"'));
    assert.equal(warnings.length, 1, warnings.join("\n"));
    assert.match(warnings[0]!, /Replication failed; retrying.*"reason":"connection refused"/);
    assert.ok(s.logs.filter((l) => l.includes("Replication failed again")).length >= 2);
    assert.ok(s.logs.some((l) => l.includes("Replication resumed")));
  });
});

Deno.test("a read of the primary that never answers times out and is retried", async () => {
  await withFaultyStore({ retryDelayMs: 5, readTimeoutMs: 50 }, async (s) => {
    s.setFault("hang");
    const started = s.replicator.start();
    await new Promise((r) => setTimeout(r, 20));
    s.setFault(null);
    await started;
    const revision = await writeProject(s.store);
    await s.replicator.waitFor(revision, 2_000);
    assert.ok(s.logs.some((l) => /took over 50 ms/.test(l)), s.logs.join("\n"));
  });
});

Deno.test("a burst of writes during a catch-up lands in one batch, not one commit per ring", async () => {
  await withFaultyStore({}, async (s) => {
    const projectId = await s.store.write(async (tx) => {
      const project = await tx.projects.create((await tx.workspaces.create("W")).id, "P");
      await tx.environments.create(project.id, "Production");
      return project.id;
    });
    await s.replicator.start();
    const before = s.commits();
    s.setFault("hold");
    s.replicator.wake(); // a catch-up starts and waits for the held read
    let revision = 0;
    for (let i = 0; i < 200; i++) { // 200 doorbell rings
      revision = await s.store.write(async (tx) => {
        const state = {
          description: "",
          base: { value: i, schema: null, overrides: [] },
          variants: [],
          members: [],
        };
        await tx.configs.create(projectId, `c${i}`, state, { type: "system", id: null });
        return tx.feed.lastAppended!;
      });
    }
    s.setFault(null);
    s.release();
    await s.replicator.waitFor(revision, 5_000);
    assert.equal(s.commits() - before, 1);
  });
});
