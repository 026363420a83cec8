import assert from "node:assert/strict";
import { Forbidden, Invalid } from "../domain/errors.ts";
import { LIMITS } from "../domain/limits.ts";
import {
  createProject,
  deleteProject,
  getProject,
  listProjects,
  projectPermissions,
  updateProject,
} from "./projects.ts";
import { keyCaller, openTestStore, userCaller } from "./test_store.ts";
import { createWorkspace, listWorkspaceProjects } from "./workspaces.ts";

Deno.test("createProject() adds the default environments and refuses a taken name", async () => {
  await using t = await openTestStore();
  const w = await createWorkspace(t.store, t.su, "W");
  const p = await createProject(t.store, t.su, w.id, "Shop", "the shop");
  const envs = await t.store.read((tx) => tx.environments.list(p.id));
  assert.deepEqual(envs.map((e) => e.name), ["Production", "Development"]);
  await assert.rejects(createProject(t.store, t.su, w.id, "Shop", ""), (e) => {
    assert.ok(e instanceof Invalid);
    assert.match(e.message, /^Cannot create a project: name "Shop" is already used/);
    assert.deepEqual(e.issues?.map((i) => i.path), ["name"]);
    return true;
  });
});

Deno.test("createProject() stops at the per-workspace limit", async () => {
  await using t = await openTestStore();
  const w = await createWorkspace(t.store, t.su, "W");
  await t.store.write(async (tx) => {
    for (let i = 1; i < LIMITS.maxProjectsPerWorkspace; i++) {
      await tx.projects.create(w.id, `p${i}`, "");
    }
  });
  await assert.rejects(
    createProject(t.store, t.su, w.id, "one more", ""),
    new Invalid(
      `Cannot create a project: the workspace already has ${LIMITS.maxProjectsPerWorkspace} ` +
        `projects; the limit is ${LIMITS.maxProjectsPerWorkspace}`,
    ),
  );
});

Deno.test("updateProject() changes only the fields given and may keep its own name", async () => {
  await using t = await openTestStore();
  const w = await createWorkspace(t.store, t.su, "W");
  const p = await createProject(t.store, t.su, w.id, "Shop", "old");
  await updateProject(t.store, t.su, p.id, { name: "Shop", description: "new" });
  await updateProject(t.store, t.su, p.id, { name: "Store" });
  const after = await getProject(t.store, t.su, p.id);
  assert.deepEqual([after.name, after.description], ["Store", "new"]);
  await assert.rejects(updateProject(t.store, t.su, p.id, { name: "My project" }), Invalid);
});

Deno.test("deleteProject() keeps the workspace's last project", async () => {
  await using t = await openTestStore();
  const w = await createWorkspace(t.store, t.su, "W");
  const [first] = await listWorkspaceProjects(t.store, t.su, w.id);
  const extra = await createProject(t.store, t.su, w.id, "Extra", "");
  await deleteProject(t.store, t.su, extra.id);
  await assert.rejects(
    deleteProject(t.store, t.su, first!.id),
    new Invalid(`Cannot delete project "My project": it is the workspace's last project`),
  );
});

Deno.test("listProjects() answers a key restricted to projects only those", async () => {
  await using t = await openTestStore();
  const w = await createWorkspace(t.store, t.su, "W");
  const other = await createWorkspace(t.store, t.su, "Other");
  const a = await createProject(t.store, t.su, w.id, "A", "");
  await createProject(t.store, t.su, other.id, "B", "");
  const key = keyCaller(w.id, ["project:read"], [a.id]);
  assert.deepEqual((await listProjects(t.store, key)).map((p) => p.name), ["A"]);
  await assert.rejects(createProject(t.store, key, w.id, "C", ""), Forbidden);
});

Deno.test("projectPermissions() answers a viewer's rank and what they may do", async () => {
  await using t = await openTestStore();
  const w = await createWorkspace(t.store, t.su, "W");
  const p = await createProject(t.store, t.su, w.id, "Shop", "");
  const viewer = userCaller("v@example.com", { [w.id]: "member" });
  const seen = await projectPermissions(t.store, viewer, p.id, "no-such-config");
  assert.equal(seen.rank, "viewer");
  assert.equal(seen.actions["project.read"], true);
  assert.equal(seen.actions["project.update"], false);
  assert.equal(seen.actions["workspace.create"], undefined, "global actions are left out");
  const maintainer = userCaller("m@example.com", { [w.id]: "member" }, { [p.id]: "maintainer" });
  const theirs = await projectPermissions(t.store, maintainer, p.id);
  assert.equal(theirs.rank, "project maintainer");
  assert.equal(theirs.actions["project.update"], true);
  const outsider = userCaller("o@example.com", {});
  await assert.rejects(projectPermissions(t.store, outsider, p.id), Forbidden);
});
