// An instance without the master key of a sensitive config (docs/sensitive_values.md), shared
// by the SQLite and Postgres tests: the paths that need its values answer 503
// encryption_key_unavailable naming the key and what to set; plain configs, exports, SDK
// streams and the health check keep working; an instance with the key serves everything.
import assert from "node:assert/strict";
import type { Replane } from "@replanejs/sdk";
import { masterKey } from "../../src/auth/envelope.ts";
import { type Api, createWorld, putConfig, type Reply, state } from "./api.ts";
import { connectSdk, snapshot, sync } from "./sdk.ts";
import { KEY_1, PLAINTEXTS, sdkKey, sensitiveBody } from "./sensitive.ts";
import { eventually } from "./wait.ts";

const KEY_1_ID = masterKey(KEY_1).id;

type Instance = { url: string; su: Api };

/** A project with the sensitive `db-password` (sealed under KEY_1) and the plain `greeting`. */
export type MissingKeyWorld = {
  projectId: string;
  prod: string;
  /** A Production SDK key that may read sensitive configs. */
  trusted: string;
};

/** Makes the world through `keyed`, an instance started with ENCRYPTION_KEY=KEY_1. */
export async function seedMissingKey(keyed: Instance): Promise<MissingKeyWorld> {
  const { projectId, env } = await createWorld(keyed.su);
  const prod = env.Production!;
  await keyed.su.ok("POST", `/projects/${projectId}/configs`, sensitiveBody(prod));
  await putConfig(keyed.su, projectId, "greeting", state("hello"));
  const trusted = await sdkKey(keyed.su, projectId, prod, true);
  await sync(keyed);
  return { projectId, prod, trusted };
}

function keyUnavailable(reply: Reply) {
  assert.equal(reply.status, 503, reply.text);
  assert.equal(reply.body.code, "encryption_key_unavailable", reply.text);
  assert.equal(reply.body.masterKeyId, KEY_1_ID);
  assert.match(String(reply.body.dataKeyId), /^dk_/);
  const message = String(reply.body.error);
  assert.ok(message.includes(`master key ${KEY_1_ID}`), message);
  assert.match(message, /ENCRYPTION_KEY \(or ENCRYPTION_KEY_FILE\)/);
  for (const secret of PLAINTEXTS) assert.ok(!reply.text.includes(secret), reply.text);
}

async function healthy(server: Instance) {
  const health = await fetch(`${server.url}/api/health`);
  const text = await health.text();
  assert.equal(health.status, 200, text);
  assert.equal(JSON.parse(text).status, "ok", text);
}

/**
 * On `keyless` (no or another master key): admin reads and writes of the sensitive config
 * answer 503; the plain config reads `greeting`; the list names both; the export and the
 * SDK snapshot leave the sensitive one out; the health check is 200.
 */
export async function assertKeyless(keyless: Instance, w: MissingKeyWorld, greeting: string) {
  const { su } = keyless;
  await sync(keyless);
  const path = `/projects/${w.projectId}/configs`;
  keyUnavailable(await su.send("GET", `${path}/db-password`));
  const { name: _, ...update } = sensitiveBody(w.prod, "new-value");
  keyUnavailable(await su.send("PUT", `${path}/db-password`, update));
  keyUnavailable(await su.send("GET", `${path}/db-password/versions/1/diff?against=1`));

  const read = await su.ok("GET", `${path}/greeting`);
  assert.equal((read.body.base as { value: unknown }).value, greeting);
  const names = (await su.ok("GET", path)).body.configs as { name: string }[];
  assert.deepEqual(names.map((c) => c.name).sort(), ["db-password", "greeting"]);
  const exported = await su.ok("GET", `/projects/${w.projectId}/export`);
  assert.deepEqual((exported.body.configs as { name: string }[]).map((c) => c.name), [
    "greeting",
  ]);
  assert.deepEqual(await snapshot(keyless.url, w.trusted), { greeting });
  await healthy(keyless);
}

/** On `keyed` (KEY_1): the sensitive config opens for admins and the trusted SDK key. */
export async function assertKeyed(keyed: Instance, w: MissingKeyWorld) {
  const back = await keyed.su.ok("GET", `/projects/${w.projectId}/configs/db-password`);
  assert.equal((back.body.base as { value: unknown }).value, PLAINTEXTS[0]);
  await eventually(async () => {
    assert.equal((await snapshot(keyed.url, w.trusted))["db-password"], PLAINTEXTS[2]);
  });
  await healthy(keyed);
}

/**
 * Writes `greeting` through `writer`, then waits until an SDK stream on every reader has it;
 * a stream and snapshot on an instance marked keyless withhold the sensitive config, one on
 * a keyed instance serves it.
 */
export async function assertPlainWriteReaches(
  writer: Instance,
  w: MissingKeyWorld,
  greeting: string,
  readers: { instance: Instance; keyed: boolean }[],
) {
  const sdks: Replane[] = [];
  try {
    for (const r of readers) sdks.push(await connectSdk(r.instance.url, w.trusted));
    await putConfig(writer.su, w.projectId, "greeting", state(greeting));
    for (const [i, r] of readers.entries()) {
      const sdk = sdks[i]!;
      await eventually(() => assert.equal(sdk.get("greeting"), greeting), 10_000);
      const expected = r.keyed ? { greeting, "db-password": PLAINTEXTS[2] } : { greeting };
      assert.deepEqual(await snapshot(r.instance.url, w.trusted), expected, r.instance.url);
      assert.equal(
        sdk.get("db-password", { default: "withheld" }),
        r.keyed ? PLAINTEXTS[2] : "withheld",
        `the stream of ${r.instance.url}`,
      );
    }
  } finally {
    for (const sdk of sdks) sdk.disconnect();
  }
}
