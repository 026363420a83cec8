// A gated edit sent with an Idempotency-Key: the change request it opens is committed together
// with its stored answer, the 409 naming it, so a retry with the same key gets the same 409 and
// the change request exists (it used to be rolled back with the answer).
import assert from "node:assert/strict";
import { userApi } from "./helpers/admin.ts";
import type { Api, Reply } from "./helpers/api.ts";
import { addMember, crPath, flag, protectedWorld } from "./helpers/change_request_scenario.ts";
import { startTestServer } from "./helpers/server.ts";

const keyed = (api: Api, path: string, body: unknown, key: string): Promise<Reply> =>
  api.raw("PATCH", path, JSON.stringify(body), {
    "content-type": "application/json",
    "idempotency-key": key,
  });

Deno.test("change requests: a gated edit with an Idempotency-Key keeps the change request its 409 names", async () => {
  const server = await startTestServer();
  try {
    const w = await protectedWorld(server.su);
    await addMember(w, "ann@x.test", "member", "maintainer");
    await addMember(w, "bob@x.test", "member", "maintainer");
    const ann = await userApi(server, "ann@x.test");
    const bob = await userApi(server, "bob@x.test");
    const path = `/projects/${w.projectId}/configs/flag`;

    const first = await keyed(ann, path, { base: { value: 7 } }, "edit-7");
    assert.equal(first.status, 409, first.text);
    assert.equal(first.body.code, "approval_required");
    const id = String(first.body.changeRequestId);
    assert.match(first.body.error as string, new RegExp(`change request ${id}`));

    const opened = await ann.send("GET", crPath(w, id));
    assert.equal(opened.status, 200, `the change request the 409 names exists: ${opened.text}`);
    assert.equal(opened.body.status, "open");

    const retry = await keyed(ann, path, { base: { value: 7 } }, "edit-7");
    assert.equal(retry.status, 409, retry.text);
    assert.equal(retry.body.changeRequestId, id, "the retry names the same change request");
    assert.equal(retry.body.code, "approval_required");
    const list = await ann.ok("GET", crPath(w));
    const ids = (list.body.changeRequests as { id: string }[]).map((c) => c.id);
    assert.deepEqual(ids, [id], "the retry opened no second change request");

    const other = await keyed(ann, path, { base: { value: 8 } }, "edit-7");
    assert.equal(other.status, 422, "the key stays bound to its first request");

    assert.deepEqual(await flag(w), { value: 1, version: 1 }, "nothing written yet");
    const approved = await bob.ok("POST", `${crPath(w, id)}/approve`);
    assert.equal(approved.body.status, "applied", approved.text);
    assert.deepEqual(await flag(w), { value: 7, version: 2 });
  } finally {
    await server.stop();
  }
});
