// Relays and sensitive configs (docs/relay.md#sensitive-configs): the feed and the snapshot carry
// ciphertext and wrapped data keys, never plaintext. A relay with the primary's master key serves
// them to SDK keys with readSensitive only; one without it withholds them, says so in its log, and
// still passes the ciphertext on to relays below it.
import assert from "node:assert/strict";
import { createWorld, putConfig, state } from "./helpers/api.ts";
import { createRelayKey, startTestRelay, type TestRelay } from "./helpers/relay.ts";
import { connectSdk, openStream, snapshot, SseReader } from "./helpers/sdk.ts";
import { fileText, KEY_1, KEY_2, PLAINTEXTS, sdkKey, sensitiveBody } from "./helpers/sensitive.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { eventually } from "./helpers/wait.ts";
import { KeyRing, masterKey } from "../src/auth/envelope.ts";
import { createLogger, silentLogger } from "../src/log.ts";
import { replicaTables } from "../src/replica/replica.ts";
import { openReplicaDb } from "../src/replica/replica_db.ts";

const DEV_SECRET = "dev-Pl4intext-SECRET";

/** The sensitive config with a Development variant too (for environment-scoped relays). */
function twoEnvironments(prod: string, dev: string) {
  const body = sensitiveBody(prod);
  return {
    ...body,
    variants: [...body.variants, { ...body.variants[0]!, environmentId: dev, value: DEV_SECRET }],
  };
}

async function caughtUp(primary: TestServer, ...relays: TestRelay[]) {
  const head = primary.replicator.cursor;
  for (const r of relays) await eventually(() => assert.equal(r.replicator.cursor, head));
}

async function assertNoPlaintext(relay: TestRelay, secrets = [...PLAINTEXTS, DEV_SECRET]) {
  const text = await fileText(`${relay.dir}/replica.db`);
  for (const secret of secrets) assert.ok(!text.includes(secret), `${secret} in ${relay.dir}`);
  assert.ok(text.includes("dk1."), "the relay holds the ciphertext");
}

Deno.test("a relay with the master key serves sensitive configs to readSensitive keys only", async () => {
  const primary = await startTestServer({ ENCRYPTION_KEY: KEY_1 });
  const cleanups: (() => unknown)[] = [() => primary.stop()];
  try {
    const { su } = primary;
    const { workspaceId, projectId, env } = await createWorld(su);
    const prod = env.Production!;
    // Written before the relays start: they get it in their first snapshot.
    await su.ok("POST", `/projects/${projectId}/configs`, twoEnvironments(prod, env.Development!));
    await putConfig(su, projectId, "greeting", state("hello"));
    const plain = await sdkKey(su, projectId, prod, false);
    const trusted = await sdkKey(su, projectId, prod, true);

    const byWorkspace = await startTestRelay(
      primary.url,
      (await createRelayKey(su, workspaceId)).key,
      { env: { ENCRYPTION_KEY: KEY_1 } },
    );
    cleanups.push(() => byWorkspace.stop());
    const byEnv = await startTestRelay(
      primary.url,
      (await createRelayKey(su, workspaceId, { environmentIds: [prod] })).key,
      { env: { ENCRYPTION_KEY: KEY_1 } },
    );
    cleanups.push(() => byEnv.stop());
    // A relay of the relay, from the first one's snapshot.
    const leaf = await startTestRelay(
      byWorkspace.url,
      (await createRelayKey(su, workspaceId, { projectIds: [projectId] })).key,
      { env: { ENCRYPTION_KEY: KEY_1 } },
    );
    cleanups.push(() => leaf.stop());

    for (const relay of [byWorkspace, byEnv, leaf]) {
      assert.deepEqual(await snapshot(relay.url, plain), { greeting: "hello" }, relay.url);
      assert.deepEqual(
        await snapshot(relay.url, trusted),
        { greeting: "hello", "db-password": PLAINTEXTS[2] },
        relay.url,
      );
    }

    // Opened with the key, the Production relay's copy holds no Development variant.
    const db = openReplicaDb(`${byEnv.dir}/replica.db`, silentLogger);
    try {
      const copy = replicaTables(db, new KeyRing(masterKey(KEY_1)));
      const variants = copy.config(projectId, "db-password")?.variants;
      assert.deepEqual(variants?.map((v) => v.environmentId), [prod]);
    } finally {
      db.close();
    }

    // Changes after the relays started: through the feed, to the published SDK on each.
    const sdks = await Promise.all(
      [byWorkspace, byEnv, leaf].map((r) => connectSdk(r.url, trusted)),
    );
    const plainStream = new SseReader(await openStream(leaf, plain));
    cleanups.push(() => plainStream.cancel(), () => sdks.forEach((s) => s.disconnect()));
    for (const sdk of sdks) assert.equal(sdk.get("db-password"), PLAINTEXTS[2]);
    const { name: _, ...update } = { ...sensitiveBody(prod), variants: [] };
    await su.ok("PUT", `/projects/${projectId}/configs/db-password`, update);
    await putConfig(su, projectId, "greeting", state("hi"));
    for (const sdk of sdks) {
      await eventually(() => assert.equal(sdk.get("db-password"), PLAINTEXTS[0]));
    }
    await plainStream.until((r) => JSON.stringify(r.records).includes('"hi"'));
    assert.ok(!JSON.stringify(plainStream.frames).includes("db-password"));

    // A key and a project made after the relays started: data key and key rows by the feed.
    const later = await sdkKey(su, projectId, prod, true);
    const other = await su.ok("POST", `/workspaces/${workspaceId}/projects`, { name: "Other" });
    const otherEnvs = await su.ok("GET", `/projects/${other.body.id}/environments`);
    const otherProd = (otherEnvs.body.environments as { id: string; name: string }[])
      .find((e) => e.name === "Production")!.id;
    await su.ok(
      "POST",
      `/projects/${other.body.id}/configs`,
      sensitiveBody(otherProd, "other-Pl4intext-SECRET"),
    );
    const otherKey = await sdkKey(su, String(other.body.id), otherProd, true);
    await caughtUp(primary, byWorkspace, byEnv, leaf);
    assert.equal((await snapshot(byEnv.url, later))["db-password"], PLAINTEXTS[0]);
    assert.equal((await snapshot(byWorkspace.url, otherKey))["db-password"], PLAINTEXTS[2]);

    for (const relay of [byWorkspace, byEnv, leaf]) {
      await assertNoPlaintext(relay, [...PLAINTEXTS, DEV_SECRET, "other-Pl4intext-SECRET"]);
    }
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
});

Deno.test("a relay without the master key withholds sensitive configs, logs it, and passes them on", async () => {
  const primary = await startTestServer({ ENCRYPTION_KEY: KEY_1 });
  const cleanups: (() => unknown)[] = [() => primary.stop()];
  try {
    const { su } = primary;
    const { workspaceId, projectId, env } = await createWorld(su);
    const prod = env.Production!;
    await su.ok("POST", `/projects/${projectId}/configs`, sensitiveBody(prod));
    await putConfig(su, projectId, "greeting", state("hello"));
    const trusted = await sdkKey(su, projectId, prod, true);

    const lines: string[] = [];
    const log = createLogger({ level: "warn", format: "json", write: (l) => lines.push(l) });
    const keyless = await startTestRelay(primary.url, (await createRelayKey(su, workspaceId)).key, {
      log,
    });
    cleanups.push(() => keyless.stop());
    const wrongKey = await startTestRelay(
      primary.url,
      (await createRelayKey(su, workspaceId)).key,
      { env: { ENCRYPTION_KEY: KEY_2 } },
    );
    cleanups.push(() => wrongKey.stop());
    // Below the keyless relay, a relay with the key still serves them.
    const below = await startTestRelay(keyless.url, (await createRelayKey(su, workspaceId)).key, {
      env: { ENCRYPTION_KEY: KEY_1 },
    });
    cleanups.push(() => below.stop());

    for (const relay of [keyless, wrongKey]) {
      assert.deepEqual(await snapshot(relay.url, trusted), { greeting: "hello" }, relay.url);
      const stream = new SseReader(await openStream(relay, trusted));
      await stream.until((r) => r.records.some((x) => x.type === "init"));
      await stream.cancel();
      assert.ok(!JSON.stringify(stream.records).includes("db-password"));
    }
    assert.equal((await snapshot(below.url, trusted))["db-password"], PLAINTEXTS[2]);
    const warning = lines.find((l) => l.includes("db-password"));
    assert.ok(warning, `no warning naming the config in ${lines.join("\n")}`);
    assert.match(warning, /ENCRYPTION_KEY/);

    // Still following: a sensitive change is withheld, a plain one arrives, nothing crashes.
    const { name: _, ...update } = {
      ...sensitiveBody(prod, "changed-Pl4intext-SECRET"),
      variants: [],
    };
    await su.ok("PUT", `/projects/${projectId}/configs/db-password`, update);
    await putConfig(su, projectId, "greeting", state("hi"));
    await caughtUp(primary, keyless, wrongKey, below);
    assert.deepEqual(await snapshot(keyless.url, trusted), { greeting: "hi" });
    assert.equal((await snapshot(below.url, trusted))["db-password"], "changed-Pl4intext-SECRET");
    const ready = await fetch(`${keyless.url}/api/ready`);
    assert.equal(ready.status, 200);
    assert.equal((await ready.json()).checks.upstream, "ok");
    for (const relay of [keyless, wrongKey, below]) {
      await assertNoPlaintext(relay, [...PLAINTEXTS, "changed-Pl4intext-SECRET"]);
    }
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
});
