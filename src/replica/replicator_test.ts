import assert from "node:assert/strict";
import type { Json, Override } from "../domain/overrides.ts";
import { silentLogger } from "../log.ts";
import { openSqliteStore } from "../store/sqlite/sqlite_store.ts";
import type { Store } from "../store/store.ts";
import type { ConfigState } from "../store/types.ts";
import type { ReplicaEvent } from "./events.ts";
import { type Replica, replicaTables } from "./replica.ts";
import { openReplicaDb, type ReplicaDb } from "./replica_db.ts";
import { createReplicator, type Replicator } from "./replicator.ts";

const ACTOR = { type: "system" as const, id: null };
const state = (value: Json, overrides: Override[] = []): ConfigState => ({
  description: "",
  base: { value, schema: null, overrides },
  variants: [],
  members: [],
});

type Setup = {
  store: Store;
  db: ReplicaDb;
  replica: Replica;
  replicator: Replicator;
  events: ReplicaEvent[];
  projectId: string;
  envs: string[];
  head(): Promise<number>;
  sync(): Promise<void>;
};

async function withReplicator(fn: (s: Setup) => Promise<void>, dir?: string) {
  const tmp = dir ?? await Deno.makeTempDir({ prefix: "dialtone-replicator-" });
  const store = await openSqliteStore(`${tmp}/dialtone.db`);
  const db = openReplicaDb(`${tmp}/replica.db`, silentLogger);
  const replica = replicaTables(db);
  const events: ReplicaEvent[] = [];
  const replicator = createReplicator({
    store,
    replica,
    publish: (e) => events.push(...e),
    log: silentLogger,
  }, { batchSize: 3 });
  try {
    const { projectId, envs } = await store.write(async (tx) => {
      const ws = await tx.workspaces.create("W");
      const p = await tx.projects.create(ws.id, "P");
      const prod = await tx.environments.create(p.id, "Production");
      const dev = await tx.environments.create(p.id, "Development");
      return { projectId: p.id, envs: [prod.id, dev.id] };
    });
    await replicator.start();
    const head = () => store.read((tx) => tx.feed.head());
    await fn({
      store,
      db,
      replica,
      replicator,
      events,
      projectId,
      envs,
      head,
      sync: async () => await replicator.waitFor(await head()),
    });
  } finally {
    await replicator.stop();
    await store.close();
    db.close();
    if (!dir) await Deno.remove(tmp, { recursive: true });
  }
}

const configEvents = (events: ReplicaEvent[], env: string) =>
  events.flatMap((e) =>
    e.kind === "config" && e.environmentId === env
      ? [JSON.parse(e.json)]
      : e.kind === "config_delete" && e.environmentId === env
      ? [{ deleted: e.name }]
      : []
  );

Deno.test("replicator emits every state once, in order, even within one batch", () =>
  withReplicator(async (s) => {
    const id = await s.store.write(async (tx) =>
      (await tx.configs.create(s.projectId, "a", state(0), ACTOR)).id
    );
    // Five changes land before the replicator runs: batches of 3 must still emit each state.
    await s.replicator.stop().catch(() => {});
    for (const v of [1, 2, 2, 3]) {
      await s.store.write((tx) => tx.configs.update(id, state(v), ACTOR));
    }
    const db = s.replica;
    const fresh = createReplicator({
      store: s.store,
      replica: db,
      publish: (e) => s.events.push(...e),
      log: silentLogger,
    }, { batchSize: 3 });
    await fresh.start();
    await fresh.waitFor(await s.head());
    await fresh.stop();
    const values = configEvents(s.events, s.envs[0]!).map((c) => c.value);
    assert.deepEqual(values, [0, 1, 2, 3], "the repeated 2 is not sent twice");
    assert.equal(db.cursor(), await s.head());
  }));

Deno.test("replicator re-renders configs whose overrides reference a changed config", () =>
  withReplicator(async (s) => {
    const refOverride: Override = {
      name: "o",
      conditions: [{
        operator: "equals",
        property: "x",
        value: { type: "reference", projectId: s.projectId, configName: "target", path: ["k"] },
      }],
      value: true,
    };
    await s.store.write(async (tx) => {
      await tx.configs.create(s.projectId, "user", state(false, [refOverride]), ACTOR);
      await tx.configs.create(s.projectId, "target", state({ k: 1 }), ACTOR);
    });
    await s.sync();
    const prod = s.envs[0]!;
    const cond = () => JSON.parse(s.replica.rendered(prod, "user")!).overrides[0].conditions[0];
    assert.equal(cond().value, 1, "created after its dependent, still resolved");
    s.events.length = 0;
    await s.store.write(async (tx) => {
      const t = await tx.configs.get(s.projectId, "target");
      await tx.configs.update(t!.id, state({ k: 2 }), ACTOR);
    });
    await s.sync();
    assert.equal(cond().value, 2);
    assert.deepEqual(configEvents(s.events, prod).map((c) => c.name), ["target", "user"]);
    s.events.length = 0;
    await s.store.write(async (tx) => {
      const t = await tx.configs.get(s.projectId, "target");
      await tx.configs.delete(t!.id);
    });
    await s.sync();
    assert.equal("value" in cond(), false, "unresolved once the target is gone");
    assert.deepEqual(configEvents(s.events, prod).map((c) => c.name ?? c.deleted), [
      "target",
      "user",
    ]);
    assert.deepEqual(s.replica.changesSince(prod, 0).filter((c) => c.json === null), [
      { name: "target", revision: await s.head(), json: null },
    ]);
  }));

Deno.test("replicator drops deleted keys, environments and projects and reports them", () =>
  withReplicator(async (s) => {
    const keyId = crypto.randomUUID();
    await s.store.write(async (tx) => {
      await tx.configs.create(s.projectId, "a", state(1), ACTOR);
      await tx.sdkKeys.create({
        id: keyId,
        projectId: s.projectId,
        environmentId: s.envs[1]!,
        name: "k",
        description: "",
        keyHash: "h",
        keyPrefix: "rp_",
        keySuffix: "x",
      });
    });
    await s.sync();
    assert.equal(s.replica.findKey(keyId)?.environmentId, s.envs[1]);
    s.events.length = 0;
    await s.store.write((tx) => tx.sdkKeys.delete(keyId));
    await s.store.write((tx) => tx.environments.delete(s.envs[1]!));
    await s.store.write((tx) => tx.projects.delete(s.projectId));
    await s.sync();
    assert.deepEqual(s.events, [
      { kind: "key_revoked", keyId, environmentId: s.envs[1] },
      { kind: "environment_revoked", environmentId: s.envs[1] },
      { kind: "project_revoked", projectId: s.projectId },
    ]);
    assert.equal(s.replica.findKey(keyId), undefined);
    assert.equal(s.replica.loadEnvironment(s.envs[0]!), null);
    assert.deepEqual(s.replica.configNames(s.projectId), []);
  }));

Deno.test("replicator resyncs from a snapshot when the feed was pruned past its cursor", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-resync-" });
  try {
    let projectId = "";
    let prod = "";
    await withReplicator(async (s) => {
      projectId = s.projectId;
      prod = s.envs[0]!;
      await s.store.write(async (tx) => {
        await tx.configs.create(s.projectId, "kept", state(1), ACTOR);
        await tx.configs.create(s.projectId, "gone", state(1), ACTOR);
      });
      await s.sync();
    }, dir);
    // While the replica is offline: changes, then the feed is pruned up to the newest row.
    const store = await openSqliteStore(`${dir}/dialtone.db`);
    await store.write(async (tx) => {
      const gone = await tx.configs.get(projectId, "gone");
      await tx.configs.delete(gone!.id);
      await tx.configs.create(projectId, "new", state(2), ACTOR);
      await tx.feed.prune("9999-01-01T00:00:00.000Z");
    });
    await store.close();

    const store2 = await openSqliteStore(`${dir}/dialtone.db`);
    const db = openReplicaDb(`${dir}/replica.db`, silentLogger);
    const replica = replicaTables(db);
    const before = replica.cursor();
    const events: ReplicaEvent[] = [];
    const replicator = createReplicator({
      store: store2,
      replica,
      publish: (e) => events.push(...e),
      log: silentLogger,
    });
    await replicator.start();
    const head = await store2.read((tx) => tx.feed.head());
    assert.equal(replicator.cursor, head);
    assert.deepEqual(configEvents(events, prod), [{ name: "new", value: 2, overrides: [] }, {
      deleted: "gone",
    }]);
    const loaded = replica.loadEnvironment(prod)!;
    assert.deepEqual([...loaded.configs.keys()], ["kept", "new"]);
    const since = replica.changesSince(prod, before).map((c) => c.name).sort();
    assert.deepEqual(since, ["gone", "new"], "resume across a resync sends only the difference");
    await replicator.stop();
    await store2.close();
    db.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("waitFor() times out when the revision never arrives", () =>
  withReplicator(async (s) => {
    await assert.rejects(s.replicator.waitFor((await s.head()) + 100, 50), /did not reach/);
  }));
