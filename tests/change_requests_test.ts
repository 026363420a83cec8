// Change requests in embedded mode (SQLite), over a real socket: role rules, self-approval,
// a stale base and its rebase, the published Replane admin client's 409, the bypass scope,
// schedules on a protected environment, and the webhook events.
import assert from "node:assert/strict";
import { ReplaneAdmin, ReplaneAdminError } from "@replanejs/admin";
import { keyApi, userApi } from "./helpers/admin.ts";
import { createSdkKey, SUPERUSER_KEY } from "./helpers/api.ts";
import {
  act,
  addMember,
  crPath,
  flag,
  patchFlag,
  propose,
  protectedWorld,
} from "./helpers/change_request_scenario.ts";
import { connectSdk } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";
import { eventually } from "./helpers/wait.ts";
import { startReceiver, verifyHit } from "./helpers/webhook_receiver.ts";

Deno.test("change requests: role rules, self-approval, N approvals, then applied once", async () => {
  const server = await startTestServer();
  try {
    const w = await protectedWorld(server.su, {
      requiredApprovals: 2,
      minRole: "project maintainer",
    });
    for (const e of ["ann@x.test", "bob@x.test", "cat@x.test"]) {
      await addMember(w, e, "member", "maintainer");
    }
    await addMember(w, "vic@x.test", "member");
    const host = { ...server, url: server.url };
    const [ann, bob, cat, vic] = await Promise.all(
      ["ann", "bob", "cat", "vic"].map((n) => userApi(host, `${n}@x.test`)),
    );
    const prodKey = await createSdkKey(server.su, w.projectId, w.env.Production!);
    const sdk = await connectSdk(server.url, prodKey.key);
    try {
      // Only Development's variant: Production serves the same, so it is written directly.
      const direct = await ann!.send("PATCH", `/projects/${w.projectId}/configs/flag`, {
        variants: [{ environmentId: w.env.Development, value: 11 }],
      });
      assert.equal(direct.status, 200, direct.text);
      assert.equal((await flag(w)).version, 2);

      const id = await propose(ann!, w, 2);
      assert.deepEqual(await flag(w), { value: 1, version: 2 }, "nothing written yet");
      const opened = await ann!.ok("GET", crPath(w, id));
      assert.equal(opened.body.status, "open");
      assert.equal(opened.body.baseVersion, 2);
      assert.deepEqual(opened.body.environmentIds, [w.env.Production]);
      assert.equal(opened.body.isAuthor, true);

      const self = await act(ann!, w, id, "approve");
      assert.equal(self.status, 403);
      assert.match(self.body.error!, /author of a change request cannot review it/);
      const viewer = await act(vic!, w, id, "approve");
      assert.equal(viewer.status, 403);
      assert.match(viewer.body.error!, /needs project maintainer or higher; you are viewer/);
      const key = await keyApi(server, w.workspaceId, ["config:write"]);
      assert.equal((await act(key, w, id, "approve")).status, 403);

      const waiting = await bob!.ok("GET", `${crPath(w)}?waitingForMe=true`);
      assert.deepEqual((waiting.body.changeRequests as { id: string }[]).map((c) => c.id), [id]);
      const none = await ann!.ok("GET", `${crPath(w)}?waitingForMe=true`);
      assert.deepEqual(none.body.changeRequests, [], "the author waits for nobody");

      await bob!.ok("POST", `${crPath(w, id)}/comments`, { body: "why 2?" });
      const first = await act(bob!, w, id, "approve", "fine");
      assert.equal(first.status, 200, first.text);
      assert.equal(first.body.status, "open");
      assert.deepEqual(first.body.approvedBy, ["bob@x.test"]);
      // Approving twice counts once.
      assert.equal((await act(bob!, w, id, "approve")).body.status, "open");
      // A request for changes holds it back until that reviewer approves.
      assert.equal((await act(cat!, w, id, "request-changes", "typo?")).body.status, "open");
      assert.deepEqual(await flag(w), { value: 1, version: 2 });
      const done = await act(cat!, w, id, "approve");
      assert.equal(done.body.status, "applied", done.text);
      assert.equal(done.body.appliedVersion, 3);
      assert.deepEqual(await flag(w), { value: 2, version: 3 });
      await eventually(() => assert.equal(sdk.get("flag"), 2));
      const again = await act(bob!, w, id, "approve");
      assert.equal(again.status, 409, "an applied request takes no more reviews");
      assert.deepEqual(await flag(w), { value: 2, version: 3 });
      assert.deepEqual(
        (done.body.events as { kind: string }[]).map((e) => e.kind),
        ["comment", "approve", "approve", "request_changes", "approve", "apply"],
      );

      const audit = await server.su.ok("GET", `/projects/${w.projectId}/audit-log?limit=50`);
      const entries = audit.body.entries as { action: string; actor: { label: string } }[];
      const write = entries.find((e) =>
        e.action === "config.update" && /change request/.test(
          e.actor.label,
        )
      );
      assert.ok(write, "the applied write names the change request");
      assert.match(write.actor.label, /^ann@x\.test \(change request, approved by /);

      // Reject and withdraw close a request; neither writes.
      const r = await propose(ann!, w, 3);
      assert.equal((await act(vic!, w, r, "reject")).status, 403);
      assert.equal((await act(bob!, w, r, "reject", "no")).body.status, "rejected");
      const wd = await propose(ann!, w, 4);
      assert.equal((await act(bob!, w, wd, "withdraw")).status, 403, "only its author");
      assert.equal((await act(ann!, w, wd, "withdraw")).body.status, "withdrawn");
      assert.deepEqual(await flag(w), { value: 2, version: 3 });

      // Config members only: a project maintainer not named on the config may not approve.
      await server.su.ok(
        "PUT",
        `/projects/${w.projectId}/environments/${w.env.Production}/approval-rule`,
        { requiredApprovals: 1, minRole: "viewer", configMembersOnly: true },
      );
      await server.su.ok("POST", `/projects/${w.projectId}/configs/flag/members`, {
        email: "vic@x.test",
        role: "editor",
      });
      const m = await propose(ann!, w, 5);
      const outsider = await act(bob!, w, m, "approve");
      assert.equal(outsider.status, 403);
      assert.match(outsider.body.error!, /only the config's own editors and maintainers/);
      assert.equal((await act(vic!, w, m, "approve")).body.status, "applied");
      assert.equal((await flag(w)).value, 5);
    } finally {
      sdk.disconnect();
    }
  } finally {
    await server.stop();
  }
});

Deno.test("change requests: a stale base stays open; rebase carries it onto the current version", async () => {
  const server = await startTestServer();
  try {
    const w = await protectedWorld(server.su);
    await addMember(w, "ann@x.test", "member", "maintainer");
    await addMember(w, "bob@x.test", "member", "maintainer");
    const ann = await userApi(server, "ann@x.test");
    const bob = await userApi(server, "bob@x.test");
    const id = await propose(ann, w, 2);
    // The superuser writes directly meanwhile (another part of the config).
    const moved = await server.su.send("PATCH", `/projects/${w.projectId}/configs/flag`, {
      description: "edited meanwhile",
    });
    assert.equal(moved.status, 200, moved.text);
    const stale = await act(bob, w, id, "approve");
    assert.equal(stale.status, 200, stale.text);
    assert.equal(stale.body.status, "open");
    assert.equal(stale.body.stale, true);
    assert.deepEqual(await flag(w), { value: 1, version: 2 }, "a stale request is not applied");

    assert.equal((await act(bob, w, id, "rebase")).status, 201, "anyone who may edit it");
    const old = await ann.ok("GET", crPath(w, id));
    assert.equal(old.body.status, "superseded");
    const next = String(old.body.supersededBy);
    const rebased = await ann.ok("GET", crPath(w, next));
    assert.equal(rebased.body.baseVersion, 2);
    assert.equal(rebased.body.stale, false);
    const st = rebased.body.state as { description: string; base: { value: number } };
    assert.equal(st.description, "edited meanwhile", "the other change is kept");
    assert.equal(st.base.value, 2, "and the proposal is carried over");
    // The rebaser is the new author; the first author may now approve.
    assert.equal((await act(bob, w, next, "approve")).status, 403);
    const applied = await act(ann, w, next, "approve");
    assert.equal(applied.body.status, "applied", applied.text);
    const now = await server.su.ok("GET", `/projects/${w.projectId}/configs/flag`);
    assert.equal((now.body.base as { value: number }).value, 2);
    assert.equal(now.body.description, "edited meanwhile");

    // An explicit base version that is not current is a 409 stale_version.
    const explicit = await ann.send(
      "POST",
      `/projects/${w.projectId}/configs/flag/change-requests`,
      {
        title: "t",
        config: { base: { value: 9 } },
        baseVersion: 1,
      },
    );
    assert.equal(explicit.status, 409);
    assert.equal(explicit.body.code, "stale_version");
  } finally {
    await server.stop();
  }
});

Deno.test("change requests: Replane's admin client gets a 409 naming the change request; bypass writes", async () => {
  const server = await startTestServer();
  try {
    const w = await protectedWorld(server.su);
    const key = await keyApi(server, w.workspaceId, ["config:write"]);
    const admin = new ReplaneAdmin({ baseUrl: server.url, apiKey: key.auth.bearer! });
    const current = await admin.configs.get({ projectId: w.projectId, configName: "flag" });
    const update = {
      projectId: w.projectId,
      configName: "flag",
      description: "",
      editors: current.editors,
      base: { ...current.base, value: 7 },
      variants: current.variants,
    };
    const refused = await admin.configs.update(update).then(() => null, (e) => e);
    assert.ok(refused instanceof ReplaneAdminError, String(refused));
    assert.equal(refused.status, 409);
    assert.match(refused.message, /submitted for review as change request/);
    const raw = await key.send("PUT", `/projects/${w.projectId}/configs/flag`, {
      base: { value: 8 },
    });
    assert.equal(raw.status, 409);
    assert.equal(raw.body.code, "approval_required");
    assert.deepEqual(raw.body.environmentIds, [w.env.Production]);
    const cr = await key.ok("GET", crPath(w, String(raw.body.changeRequestId)));
    assert.equal((cr.body.state as { base: { value: number } }).base.value, 8);
    assert.equal((await flag(w)).value, 1);

    // The superuser and a key with bypass-approvals write directly, audited as such.
    const bypass = await keyApi(server, w.workspaceId, ["config:write", "bypass-approvals"]);
    const byKey = new ReplaneAdmin({ baseUrl: server.url, apiKey: bypass.auth.bearer! });
    await byKey.configs.update(update);
    assert.equal((await flag(w)).value, 7);
    const su = new ReplaneAdmin({ baseUrl: server.url, apiKey: SUPERUSER_KEY });
    await su.configs.update({ ...update, base: { ...current.base, value: 6 } });
    assert.equal((await flag(w)).value, 6);
    const audit = await server.su.ok("GET", `/projects/${w.projectId}/audit-log?limit=20`);
    const bypassed = (audit.body.entries as { action: string; after: Record<string, unknown> }[])
      .filter((e) => e.action === "config.update")
      .map((e) => e.after.approvalBypassed);
    assert.deepEqual(bypassed.slice(0, 2), [[w.env.Production], [w.env.Production]]);

    // Scheduling a change of a protected environment needs the same right.
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const sched = await key.send("POST", `/projects/${w.projectId}/configs/flag/schedules`, {
      at,
      config: { base: { value: 5 } },
    });
    assert.equal(sched.status, 409, sched.text);
    assert.equal(sched.body.code, "approval_required");
    assert.equal(sched.body.changeRequestId, null);
    const schedBypass = await bypass.send(
      "POST",
      `/projects/${w.projectId}/configs/flag/schedules`,
      { at, config: { base: { value: 5 } } },
    );
    assert.equal(schedBypass.status, 201, schedBypass.text);

    // Turning approval off makes edits direct again.
    await server.su.ok(
      "DELETE",
      `/projects/${w.projectId}/environments/${w.env.Production}/approval-rule`,
    );
    assert.equal((await patchFlag(key, w, 4)).status, 200);
  } finally {
    await server.stop();
  }
});

Deno.test("change requests: webhook events for created, approved, rejected and applied", async () => {
  const server = await startTestServer({ WEBHOOK_ALLOW_PRIVATE: "true" });
  const receiver = await startReceiver();
  try {
    const w = await protectedWorld(server.su);
    const hook = await server.su.send("POST", `/workspaces/${w.workspaceId}/webhooks`, {
      url: receiver.url,
      events: ["change_request.*", "config.update"],
      projectId: w.projectId,
      environmentId: w.env.Production,
    });
    assert.equal(hook.status, 201, hook.text);
    const secret = String(hook.body.secret);
    await addMember(w, "ann@x.test", "member", "maintainer");
    await addMember(w, "bob@x.test", "member", "maintainer");
    const ann = await userApi(server, "ann@x.test");
    const bob = await userApi(server, "bob@x.test");
    const rejected = await propose(ann, w, 2);
    await act(bob, w, rejected, "reject", "no");
    const applied = await propose(ann, w, 3);
    assert.equal((await act(bob, w, applied, "approve")).body.status, "applied");
    const expected = [
      ["change_request.create", rejected],
      ["change_request.reject", rejected],
      ["change_request.create", applied],
      ["change_request.approve", applied],
      ["config.update", null],
      ["change_request.apply", applied],
    ];
    const seen = await eventually(() => {
      const events = receiver.accepted().map((h) =>
        verifyHit(secret, h) as { type: string; target: { id: string } }
      );
      assert.equal(events.length, expected.length, JSON.stringify(events.map((e) => e.type)));
      return events;
    }, 10_000);
    assert.deepEqual(
      seen.map((e) => [e.type, e.type === "config.update" ? null : e.target.id]),
      expected,
    );
  } finally {
    await receiver.stop();
    await server.stop();
  }
});
