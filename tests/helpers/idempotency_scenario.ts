// Idempotency-Key behaviour over the admin API, run on SQLite (idempotency_test.ts) and on
// Postgres (idempotency_pg_test.ts) against the same checks.
import assert from "node:assert/strict";
import { secretBox } from "../../src/auth/secret_box.ts";
import { fingerprint, REPLAYED_HEADER } from "../../src/http/admin/idempotency.ts";
import { CLAIM_MS, claimKey } from "../../src/service/idempotency.ts";
import type { Store } from "../../src/store/store.ts";
import { Api, createWorld, type Endpoint, type Reply } from "./api.ts";

export type Target = Endpoint & { su: Api; store: Store; config: { secretKey: string } };

/** A request with an Idempotency-Key; the reply says whether it was replayed. */
export async function keyed(
  api: Api,
  method: string,
  path: string,
  key: string,
  body?: unknown,
): Promise<Reply & { replayed: boolean }> {
  const res = await api.endpoint.fetch(`${api.base}/api/admin/v1${path}`, {
    method,
    headers: api.headers({ "content-type": "application/json", "idempotency-key": key }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text === "" ? {} : JSON.parse(text),
    text,
    replayed: res.headers.get(REPLAYED_HEADER) === "true",
  };
}

const envNames = async (su: Api, projectId: string) =>
  ((await su.ok("GET", `/projects/${projectId}/environments`)).body.environments as {
    name: string;
  }[]).map((e) => e.name);

export async function idempotencyScenario(t: Deno.TestContext, target: Target) {
  const { su } = target;
  const world = await createWorld(su);
  const envs = `/projects/${world.projectId}/environments`;

  await t.step("a retry gets the stored answer and writes nothing", async () => {
    const first = await keyed(su, "POST", envs, "create-staging", { name: "Staging" });
    assert.equal(first.status, 201, first.text);
    assert.equal(first.replayed, false);
    const again = await keyed(su, "POST", envs, "create-staging", { name: "Staging" });
    assert.equal(again.status, 201, again.text);
    assert.equal(again.replayed, true);
    assert.equal(again.text, first.text);
    assert.deepEqual((await envNames(su, world.projectId)).filter((n) => n === "Staging"), [
      "Staging",
    ]);
    // Without the key the same request runs again (and clashes with the first).
    assert.equal((await su.send("POST", envs, { name: "Staging" })).status, 409);
  });

  await t.step("the answer is stored with the write: status and body", async () => {
    const reply = await keyed(su, "POST", envs, "create-qa", { name: "QA" });
    assert.equal(reply.status, 201);
    const row = await target.store.read((tx) => tx.idempotency.get("superuser", "create-qa"));
    assert.equal(row?.status, 201);
    assert.equal(row?.claim, null);
    // Sealed: answers can hold keys that are shown once.
    // (The sealed text is base64url, which has no quotes; "QA" alone could occur in it.)
    assert.ok(row?.body && !row.body.includes('"QA"'), row?.body ?? "no body");
    const box = secretBox(target.config.secretKey, "idempotency");
    assert.equal(box.open(row.body), reply.text);
  });

  await t.step("a 204 answer is replayed as 204", async () => {
    const id = (await su.ok("POST", envs, { name: "Doomed" })).body.id as string;
    const first = await keyed(su, "DELETE", `${envs}/${id}`, "delete-doomed");
    assert.equal(first.status, 204, first.text);
    const again = await keyed(su, "DELETE", `${envs}/${id}`, "delete-doomed");
    assert.equal(again.status, 204, again.text);
    assert.equal(again.replayed, true);
  });

  await t.step("the same key with another body or route is a 422 naming the header", async () => {
    const other = await keyed(su, "POST", envs, "create-staging", { name: "Other" });
    assert.equal(other.status, 422, other.text);
    assert.match(String(other.body.error), /Idempotency-Key "create-staging" was already used/);
    assert.deepEqual((other.body.issues as { path: string }[])[0]!.path, "Idempotency-Key");
    const elsewhere = await keyed(su, "PATCH", `${envs}/${world.env.Development}`, "create-qa", {
      name: "Dev",
    });
    assert.equal(elsewhere.status, 422, elsewhere.text);
    assert.ok(!(await envNames(su, world.projectId)).includes("Other"));
  });

  await t.step("keys are per caller", async () => {
    const key = await su.ok("POST", `/workspaces/${world.workspaceId}/api-keys`, {
      name: "ci",
      scopes: ["environment:write"],
    });
    const ci = new Api(su.endpoint, { bearer: String(key.body.key) });
    const reply = await keyed(ci, "POST", envs, "create-staging", { name: "Other" });
    assert.equal(reply.status, 201, reply.text);
    assert.equal(reply.replayed, false);
  });

  await t.step("a failed request stores nothing and frees its key", async () => {
    const taken = await keyed(su, "POST", envs, "retry-me", { name: "Production" });
    assert.equal(taken.status, 409, taken.text);
    assert.equal(
      await target.store.read((tx) => tx.idempotency.get("superuser", "retry-me")),
      null,
    );
    const fixed = await keyed(su, "POST", envs, "retry-me", { name: "Production 2" });
    assert.equal(fixed.status, 201, fixed.text);
  });

  await t.step("a key in flight is a 409; a crashed request's claim is taken over", async () => {
    const print = fingerprint(target.config.secretKey, {
      method: "POST",
      path: `/api/admin/v1${envs}`,
      query: undefined,
      body: { name: "Busy" },
    });
    const request = { scope: "superuser", key: "busy", fingerprint: print };
    assert.equal((await claimKey(target.store, request)).kind, "claimed");
    const busy = await keyed(su, "POST", envs, "busy", { name: "Busy" });
    assert.equal(busy.status, 409, busy.text);
    assert.match(String(busy.body.error), /"busy" is still being processed/);
    assert.ok(!(await envNames(su, world.projectId)).includes("Busy"));

    await claimKey(target.store, { ...request, key: "crashed" }, Date.now() - CLAIM_MS - 1000);
    const taken = await keyed(su, "POST", envs, "crashed", { name: "Busy" });
    assert.equal(taken.status, 201, taken.text);
  });

  await t.step("a Replane route takes a key too", async () => {
    const body = {
      name: "flag",
      description: "",
      editors: [],
      base: { value: true, schema: null, overrides: [] },
      variants: [],
    };
    const path = `/projects/${world.projectId}/configs`;
    const first = await keyed(su, "POST", path, "create-flag", body);
    assert.equal(first.status, 201, first.text);
    const again = await keyed(su, "POST", path, "create-flag", body);
    assert.equal(again.text, first.text);
    assert.equal(again.replayed, true);
  });

  await t.step("a malformed key is a 400 naming the header", async () => {
    for (const bad of ["", "a b", "x".repeat(256), '"un"quoted"']) {
      const reply = await keyed(su, "POST", envs, bad, { name: "Never" });
      assert.equal(reply.status, 400, `${JSON.stringify(bad)}: ${reply.text}`);
      assert.match(String(reply.body.error), /Idempotency-Key header/);
    }
    const quoted = await keyed(su, "POST", envs, '"quoted-key"', { name: "Quoted" });
    assert.equal(quoted.status, 201, quoted.text);
    assert.ok(await target.store.read((tx) => tx.idempotency.get("superuser", "quoted-key")));
  });
}
