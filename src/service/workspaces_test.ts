import assert from "node:assert/strict";
import { Forbidden, NotFound } from "../domain/errors.ts";
import { openTestStore, userCaller } from "./test_store.ts";
import {
  createWorkspace,
  deleteWorkspace,
  getWorkspace,
  listWorkspaceProjects,
  listWorkspaces,
  renameWorkspace,
} from "./workspaces.ts";

const MISSING = "00000000-0000-4000-8000-000000000000";

Deno.test("createWorkspace() makes the signed-in user its admin and adds a first project", async () => {
  await using t = await openTestStore();
  const ann = userCaller("ann@example.com", {});
  const w = await createWorkspace(t.store, ann, "Acme");
  const members = await t.store.read((tx) => tx.workspaceMembers.list(w.id));
  assert.deepEqual(members.map((m) => [m.email, m.role]), [["ann@example.com", "admin"]]);
  const projects = await listWorkspaceProjects(t.store, t.su, w.id);
  assert.deepEqual(projects.map((p) => p.name), ["My project"]);
});

Deno.test("listWorkspaces() answers a user only the workspaces they belong to", async () => {
  await using t = await openTestStore();
  const a = await createWorkspace(t.store, t.su, "A");
  await createWorkspace(t.store, t.su, "B");
  await t.store.write((tx) => tx.workspaceMembers.set(a.id, "bob@example.com", "member"));
  const bob = userCaller("bob@example.com", { [a.id]: "member" });
  assert.deepEqual((await listWorkspaces(t.store, bob)).map((w) => w.name), ["A"]);
  assert.deepEqual((await listWorkspaces(t.store, t.su)).map((w) => w.name).sort(), ["A", "B"]);
});

Deno.test("renameWorkspace() renames and audits the old and new name", async () => {
  await using t = await openTestStore();
  const w = await createWorkspace(t.store, t.su, "Old");
  const renamed = await renameWorkspace(t.store, t.su, w.id, "New");
  assert.equal(renamed.name, "New");
  assert.equal((await getWorkspace(t.store, t.su, w.id)).name, "New");
  const [entry] = await t.store.read((tx) => tx.audit.query({ workspaceId: w.id, limit: 1 }));
  assert.equal(entry?.action, "workspace.update");
  assert.deepEqual([entry?.before, entry?.after], [{ name: "Old" }, { name: "New" }]);
  assert.equal(entry?.requestId, "req-1");
});

Deno.test("deleteWorkspace() refuses a plain member and leaves the workspace", async () => {
  await using t = await openTestStore();
  const w = await createWorkspace(t.store, t.su, "Keep");
  const bob = userCaller("bob@example.com", { [w.id]: "member" });
  await assert.rejects(deleteWorkspace(t.store, bob, w.id), Forbidden);
  assert.equal((await getWorkspace(t.store, t.su, w.id)).name, "Keep");
  await deleteWorkspace(t.store, t.su, w.id);
  await assert.rejects(getWorkspace(t.store, t.su, w.id), (e) => {
    assert.ok(e instanceof NotFound);
    assert.equal(e.what, "workspace");
    assert.equal(e.message, `Workspace "${w.id}" not found`);
    return true;
  });
});

Deno.test("listWorkspaceProjects() of a missing workspace is NotFound", async () => {
  await using t = await openTestStore();
  await assert.rejects(listWorkspaceProjects(t.store, t.su, MISSING), NotFound);
});
