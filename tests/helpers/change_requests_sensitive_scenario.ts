// Change requests of sensitive configs (docs/sensitive_values.md), shared by the SQLite and
// Postgres tests: the proposed and base states are sealed at rest (the primary's rows and the
// instance's replica file); a reader of the request sees the values to review them, while the
// list, the audit log and webhooks see them masked; the master key rotates and the request
// still opens; approving applies the proposed value, also for a proposal that makes a plain
// config sensitive.
import assert from "node:assert/strict";
import { userApi } from "./admin.ts";
import type { Api } from "./api.ts";
import { act, addMember, crPath, protectedWorld } from "./change_request_scenario.ts";
import { snapshot, sync } from "./sdk.ts";
import { fileText, KEY_1, KEY_2, PLAINTEXTS, sdkKey, sensitiveBody } from "./sensitive.ts";
import { startTestServer, type TestServer } from "./server.ts";
import { eventually } from "./wait.ts";
import { startReceiver, verifyHit } from "./webhook_receiver.ts";

const PROPOSED = "proposed-Pl4intext-SECRET";
const FLAG_SECRET = "flag-Pl4intext-SECRET";
const SECRETS = [...PLAINTEXTS, PROPOSED, FLAG_SECRET];

type State = { base: { value: unknown }; variants: { environmentId: string; value: unknown }[] };
type CrBody = {
  id: string;
  state: State;
  baseState: State;
  sensitive: boolean;
  values?: string;
  setsSensitive: boolean | null;
  status: string;
};

/** What differs between the storage modes. */
export type SensitiveCrBackend = {
  /** Settings for every start of the instance (DATABASE_URL in Postgres mode). */
  env: Record<string, string>;
  /** Everything the primary holds, as text to search, named for the messages. */
  primaryText(dir: string): Promise<{ where: string; text: string }>;
};

const prodValue = (s: State, prod: string) =>
  s.variants.find((v) => v.environmentId === prod)?.value;

function noSecrets(text: string, where: string) {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} in ${where}`);
}

/** The primary and the replica file hold no plaintext of the sensitive values. */
async function sealedAtRest(backend: SensitiveCrBackend, dir: string, when: string) {
  const primary = await backend.primaryText(dir);
  noSecrets(primary.text, `${primary.where} ${when}`);
  assert.match(primary.text, /dk1\./, `no sealed value in ${primary.where}`);
  const replica = await fileText(`${dir}/replica.db`);
  noSecrets(replica, `replica.db ${when}`);
  assert.match(replica, /dk1\./, "no sealed value in replica.db");
}

/** Opens a change request with a 409 and answers its id. */
async function proposeVia(api: Api, method: string, path: string, body: unknown) {
  const res = await api.send(method, path, body);
  assert.equal(res.status, 409, res.text);
  assert.equal(res.body.code, "approval_required");
  return String(res.body.changeRequestId);
}

export async function sensitiveChangeRequestScenario(backend: SensitiveCrBackend): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-cr-sensitive-" });
  const receiver = await startReceiver();
  let server: TestServer | null = null;
  const start = async (env: Record<string, string>) => {
    server = await startTestServer({ WEBHOOK_ALLOW_PRIVATE: "true", ...backend.env, ...env }, {
      dir,
    });
    return server;
  };
  try {
    let s = await start({ ENCRYPTION_KEY: KEY_1 });
    const w = await protectedWorld(s.su);
    const prod = w.env.Production!;
    await s.su.ok("POST", `/projects/${w.projectId}/configs`, sensitiveBody(prod));
    const hook = await s.su.ok("POST", `/workspaces/${w.workspaceId}/webhooks`, {
      url: receiver.url,
      events: ["change_request.*", "config.update"],
      projectId: w.projectId,
    });
    const secret = String(hook.body.secret);
    await addMember(w, "ann@x.test", "member", "maintainer");
    await addMember(w, "bob@x.test", "member", "maintainer");
    const ann = await userApi(s, "ann@x.test");

    // A sensitive config's Production value, and a plain config made sensitive with a value.
    const { name: _, ...body } = sensitiveBody(prod);
    const secretCr = await proposeVia(ann, "PUT", `/projects/${w.projectId}/configs/db-password`, {
      ...body,
      variants: [{ ...body.variants[0]!, value: PROPOSED }],
    });
    const flagCr = await proposeVia(ann, "PATCH", `/projects/${w.projectId}/configs/flag`, {
      sensitive: true,
      variants: [{ environmentId: prod, value: FLAG_SECRET }],
    });

    // At rest: the change_requests rows hold ciphertext only, and so does everything else.
    const rows = await s.store.read((tx) =>
      tx.db.all<{ state: string; base_state: string }>(
        `SELECT state, base_state FROM change_requests`,
      )
    );
    assert.equal(rows.length, 2);
    for (const r of rows) {
      noSecrets(r.state + r.base_state, "a change_requests row");
      assert.match(r.state, /"sealed":"dk1\./);
      assert.match(r.base_state, /"sealed":"dk1\./);
    }
    await sync(s);
    await sealedAtRest(backend, dir, "with open requests");

    // One request, read by a reviewer: the values, decrypted.
    let bob = await userApi(s, "bob@x.test");
    const one = (await bob.ok("GET", crPath(w, secretCr))).body as unknown as CrBody;
    assert.equal(one.sensitive, true);
    assert.equal(prodValue(one.state, prod), PROPOSED);
    assert.equal(prodValue(one.baseState, prod), PLAINTEXTS[2]);
    assert.equal(one.values, undefined);
    const flagOne = (await bob.ok("GET", crPath(w, flagCr))).body as unknown as CrBody;
    assert.equal(flagOne.setsSensitive, true);
    assert.equal(prodValue(flagOne.state, prod), FLAG_SECRET);

    // The list and the audit log: masked, with whether the values change.
    const list = await bob.ok("GET", crPath(w));
    noSecrets(list.text, "the list");
    const listed = list.body.changeRequests as CrBody[];
    assert.deepEqual(listed.map((c) => [c.id, c.values]), [[flagCr, "changed"], [
      secretCr,
      "changed",
    ]]);
    assert.equal(listed[1]!.state.base.value, "[sensitive]");
    const audit = await s.su.ok("GET", `/projects/${w.projectId}/audit-log?limit=50`);
    noSecrets(audit.text, "the audit log");
    assert.match(audit.text, /change_request\.create/);

    // Rotate: the new key with the old as previous, re-wrap, then the new key alone.
    await s.stop();
    s = await start({ ENCRYPTION_KEY: KEY_2, ENCRYPTION_KEY_PREVIOUS: KEY_1 });
    const rotated = await s.su.ok("POST", `/workspaces/${w.workspaceId}/encryption-keys/rotate`);
    assert.equal(rotated.body.pending, 0);
    await s.stop();
    s = await start({ ENCRYPTION_KEY: KEY_2 });
    bob = await userApi(s, "bob@x.test");
    const after = (await bob.ok("GET", crPath(w, secretCr))).body as unknown as CrBody;
    assert.equal(prodValue(after.state, prod), PROPOSED);

    // Approving applies the proposed values; the flag becomes sensitive.
    for (const id of [secretCr, flagCr]) {
      const done = await act(bob, w, id, "approve");
      assert.equal(done.body.status, "applied", done.text);
    }
    const cfg = await s.su.ok("GET", `/projects/${w.projectId}/configs/db-password`);
    assert.equal(prodValue(cfg.body as unknown as State, prod), PROPOSED);
    const flag = await s.su.ok("GET", `/projects/${w.projectId}/configs/flag`);
    assert.equal(flag.body.sensitive, true);
    assert.equal(prodValue(flag.body as unknown as State, prod), FLAG_SECRET);
    const trusted = await sdkKey(s.su, w.projectId, prod, true);
    await eventually(async () => {
      const snap = await snapshot(s.url, trusted);
      assert.equal(snap["db-password"], PROPOSED);
      assert.equal(snap.flag, FLAG_SECRET);
    });
    const plain = await sdkKey(s.su, w.projectId, prod, false);
    await sync(s);
    assert.deepEqual(await snapshot(s.url, plain), {});

    // Webhooks: every event arrived, none with a plaintext value.
    const seen = await eventually(() => {
      const events = receiver.accepted().map((h) => verifyHit(secret, h) as { type: string });
      assert.equal(events.filter((e) => e.type === "change_request.apply").length, 2);
      return events;
    }, 10_000);
    assert.ok(seen.some((e) => e.type === "change_request.create"));
    for (const h of receiver.accepted()) noSecrets(h.body, "a webhook");
    noSecrets(
      (await s.su.ok("GET", `/projects/${w.projectId}/audit-log?limit=50`)).text,
      "the audit log after applying",
    );
    await s.stop();
    server = null;
    await sealedAtRest(backend, dir, "after applying");
  } finally {
    await (server as TestServer | null)?.stop();
    await receiver.stop();
    await Deno.remove(dir, { recursive: true });
  }
}
