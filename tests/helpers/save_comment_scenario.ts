// The comment saved with a config version, through the admin API, shared by the SQLite and
// Postgres tests: PUT, PATCH and restore keep it on the version and in the audit row, a
// gated save's comment becomes its change request's description, an applied change request
// records its author's comment (else its title) on its version, Replane's admin client works
// as before, and the version hash covers the comment.
import assert from "node:assert/strict";
import { ReplaneAdmin } from "@replanejs/admin";
import { LIMITS } from "../../src/domain/limits.ts";
import { type Api, createWorld, SUPERUSER_KEY } from "./api.ts";
import { act, addMember, flag, protectedWorld } from "./change_request_scenario.ts";
import { userApi } from "./admin.ts";
import type { TestServer } from "./server.ts";

type Version = { version: number; comment: string | null; hash: string };
type Entry = { action: string; after: Record<string, unknown> | null };

async function versions(su: Api, projectId: string, name: string): Promise<Version[]> {
  const res = await su.ok("GET", `/projects/${projectId}/configs/${name}/versions`);
  return res.body.versions as Version[];
}

/** The newest audit row of `name` with `action`. */
async function lastAudit(su: Api, projectId: string, name: string, action: string) {
  const res = await su.ok("GET", `/projects/${projectId}/audit-log?configName=${name}&limit=20`);
  return (res.body.entries as Entry[]).find((e) => e.action === action);
}

async function verified(su: Api, workspaceId: string): Promise<Record<string, unknown>> {
  const res = await su.ok("GET", `/workspaces/${workspaceId}/verify`);
  return res.body;
}

/**
 * Runs the scenario on `server`; `forgeComment` rewrites the comment of `flag`'s version 2
 * in the database behind the application's back (append-only triggers off).
 */
export async function saveCommentScenario(
  server: TestServer,
  forgeComment: (configId: string) => Promise<void>,
): Promise<void> {
  const su = server.su;
  const w = await createWorld(su);
  const cfg = `/projects/${w.projectId}/configs/flag`;
  const created = await su.send("POST", `/projects/${w.projectId}/configs`, {
    name: "flag",
    base: { value: false },
  });
  assert.equal(created.status, 201, created.text);

  // PUT, PATCH and restore each take a comment; surrounding spaces are dropped.
  const put = await su.send("PUT", cfg, {
    base: { value: true },
    comment: "  Turn on for the launch  ",
  });
  assert.equal(put.status, 200, put.text);
  const patched = await su.send("PATCH", cfg, { description: "d", comment: "Describe it" });
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.body.comment, undefined, "a comment is not part of the config");
  const restored = await su.send("POST", `${cfg}/versions/1/restore`, { comment: "Back to off" });
  assert.equal(restored.status, 200, restored.text);
  const noComment = await su.send("PUT", cfg, { base: { value: true }, comment: "   " });
  assert.equal(noComment.status, 200, noComment.text);

  const list = await versions(su, w.projectId, "flag");
  assert.deepEqual(list.map((v) => [v.version, v.comment]), [
    [5, null],
    [4, "Back to off"],
    [3, "Describe it"],
    [2, "Turn on for the launch"],
    [1, null],
  ]);
  const one = await su.ok("GET", `${cfg}/versions/2`);
  assert.equal(one.body.comment, "Turn on for the launch");

  // The audit rows carry it next to the state.
  const log = await su.ok("GET", `/projects/${w.projectId}/audit-log?configName=flag&limit=5`);
  const entries = log.body.entries as Entry[];
  assert.deepEqual(entries.map((e) => [e.action, e.after?.comment]), [
    ["config.update", undefined],
    ["config.restore", "Back to off"],
    ["config.update", "Describe it"],
    ["config.update", "Turn on for the launch"],
    ["config.create", undefined],
  ]);
  assert.equal(entries[1]!.after?.restoredFromVersion, 1);

  // Too long, or not a string: 400 naming the field, nothing written.
  const long = "x".repeat(LIMITS.maxCommentLength + 1);
  for (
    const [method, path, body] of [
      ["PUT", cfg, { base: { value: false }, comment: long }],
      ["PATCH", cfg, { description: "e", comment: long }],
      ["POST", `${cfg}/versions/1/restore`, { comment: long }],
      ["PUT", cfg, { base: { value: false }, comment: 7 }],
    ] as const
  ) {
    const res = await su.send(method, path, body);
    assert.equal(res.status, 400, `${method} ${path}: ${res.text}`);
    assert.match(res.text, /comment/);
  }
  const exact = await su.send("PATCH", cfg, {
    description: "f",
    comment: "y".repeat(LIMITS.maxCommentLength),
  });
  assert.equal(exact.status, 200, exact.text);
  assert.equal((await versions(su, w.projectId, "flag")).length, 6);

  // Replane's admin client: update and get unchanged; its versions have no comment.
  const admin = new ReplaneAdmin({ baseUrl: server.url, apiKey: SUPERUSER_KEY });
  const current = await admin.configs.get({ projectId: w.projectId, configName: "flag" });
  assert.equal("comment" in current, false);
  const updated = await admin.configs.update({
    projectId: w.projectId,
    configName: "flag",
    description: current.description ?? "",
    editors: current.editors,
    base: { ...current.base, value: false },
    variants: current.variants,
  });
  assert.equal(updated.version, 7);
  assert.equal((await versions(su, w.projectId, "flag"))[0]!.comment, null);

  // A change request's title becomes the comment of the version it applies.
  const cr = await protectedWorld(su, {});
  await addMember(cr, "ann@x.test", "member", "maintainer");
  await addMember(cr, "bob@x.test", "member", "maintainer");
  const ann = await userApi(server, "ann@x.test");
  const bob = await userApi(server, "bob@x.test");
  const opened = await ann.send("POST", `/projects/${cr.projectId}/configs/flag/change-requests`, {
    title: "Raise the flag to 42",
    config: { base: { value: 42 }, variants: [{ environmentId: cr.env.Development, value: 10 }] },
  });
  assert.equal(opened.status, 201, opened.text);
  const approved = await act(bob, cr, String(opened.body.id), "approve");
  assert.equal(approved.status, 200, approved.text);
  assert.equal((await flag(cr)).value, 42);
  assert.equal((await versions(su, cr.projectId, "flag"))[0]!.comment, "Raise the flag to 42");
  assert.equal(
    (await lastAudit(su, cr.projectId, "flag", "config.update"))?.after?.comment,
    "Raise the flag to 42",
  );

  // A gated save's comment becomes its change request's description (the title derived, or
  // the caller's), and the applied version's comment.
  const gatedPut = await ann.send("PATCH", `/projects/${cr.projectId}/configs/flag`, {
    base: { value: 43 },
    comment: "  Bump for the spring sale  ",
  });
  assert.equal(gatedPut.status, 409, gatedPut.text);
  assert.equal(gatedPut.body.code, "approval_required");
  const putId = String(gatedPut.body.changeRequestId);
  const putCr = await ann.ok("GET", `/projects/${cr.projectId}/change-requests/${putId}`);
  assert.equal(putCr.body.title, 'Change "flag" in "Production"');
  assert.equal(putCr.body.description, "Bump for the spring sale");
  assert.equal((await act(bob, cr, putId, "approve")).status, 200);
  assert.equal((await flag(cr)).value, 43);
  assert.equal((await versions(su, cr.projectId, "flag"))[0]!.comment, "Bump for the spring sale");
  assert.equal(
    (await lastAudit(su, cr.projectId, "flag", "config.update"))?.after?.comment,
    "Bump for the spring sale",
  );
  const gatedRestore = await ann.send(
    "POST",
    `/projects/${cr.projectId}/configs/flag/versions/1/restore`,
    { comment: "Undo the raises" },
  );
  assert.equal(gatedRestore.status, 409, gatedRestore.text);
  const restoreId = String(gatedRestore.body.changeRequestId);
  const restoreCr = await ann.ok("GET", `/projects/${cr.projectId}/change-requests/${restoreId}`);
  assert.equal(restoreCr.body.title, 'Restore version 1 of "flag"');
  assert.equal(restoreCr.body.description, "Undo the raises");
  assert.equal((await act(bob, cr, restoreId, "approve")).status, 200);
  assert.equal((await flag(cr)).value, 1);
  assert.equal((await versions(su, cr.projectId, "flag"))[0]!.comment, "Undo the raises");
  // A request opened with a description longer than a comment: cut to a comment's length.
  const wordy = await ann.send("POST", `/projects/${cr.projectId}/configs/flag/change-requests`, {
    title: "Raise again",
    description: `Why: ${"z".repeat(LIMITS.maxCommentLength)}`,
    config: { base: { value: 44 }, variants: [{ environmentId: cr.env.Development, value: 10 }] },
  });
  assert.equal(wordy.status, 201, wordy.text);
  assert.equal((await act(bob, cr, String(wordy.body.id), "approve")).status, 200);
  const cut = (await versions(su, cr.projectId, "flag"))[0]!.comment!;
  assert.equal(cut.length, LIMITS.maxCommentLength);
  assert.ok(cut.startsWith("Why: zzz") && cut.endsWith("…"), cut);

  // The chain still verifies, and the hash covers the comment.
  assert.equal((await verified(su, w.workspaceId)).ok, true);
  await forgeComment(String(created.body.id));
  const report = await verified(su, w.workspaceId) as {
    ok: boolean;
    configVersions: { firstBroken: { problem: string; version: number } | null };
  };
  assert.equal(report.ok, false);
  assert.equal(report.configVersions.firstBroken?.problem, "content");
  assert.equal(report.configVersions.firstBroken?.version, 2);
}
