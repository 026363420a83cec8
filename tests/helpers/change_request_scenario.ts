// Change requests through the admin API, shared by the SQLite and Postgres tests: a protected
// environment, people with roles, and small helpers to propose and review.
import assert from "node:assert/strict";
import type { WorkspaceRole } from "../../src/domain/permissions.ts";
import { type Api, createWorld, type Reply, type World } from "./api.ts";

export type CrWorld = World & { su: Api };

/** A workspace whose Production requires `rule`, with config `flag` = 1 (Development: 10). */
export async function protectedWorld(
  su: Api,
  rule: Record<string, unknown> = {},
): Promise<CrWorld> {
  const w = await createWorld(su);
  const created = await su.send("POST", `/projects/${w.projectId}/configs`, {
    name: "flag",
    base: { value: 1 },
    variants: [{ environmentId: w.env.Development, value: 10 }],
  });
  assert.equal(created.status, 201, created.text);
  const set = await su.send(
    "PUT",
    `/projects/${w.projectId}/environments/${w.env.Production}/approval-rule`,
    rule,
  );
  assert.equal(set.status, 200, set.text);
  return { ...w, su };
}

/** Adds `email` to the workspace (and project, with `projectRole`) as the superuser. */
export async function addMember(
  w: CrWorld,
  email: string,
  role: WorkspaceRole,
  projectRole?: "admin" | "maintainer",
): Promise<void> {
  const res = await w.su.send("POST", `/workspaces/${w.workspaceId}/members`, { email, role });
  assert.ok(res.status < 300 || res.status === 409, res.text);
  if (projectRole) {
    const p = await w.su.send("POST", `/projects/${w.projectId}/members`, {
      email,
      role: projectRole,
    });
    assert.ok(p.status < 300, p.text);
  }
}

export const crPath = (w: World, id = "") =>
  `/projects/${w.projectId}/change-requests${id ? `/${id}` : ""}`;

/** PATCHes flag's base value; answers the raw reply (409 approval_required when gated). */
export function patchFlag(api: Api, w: World, value: unknown): Promise<Reply> {
  return api.send("PATCH", `/projects/${w.projectId}/configs/flag`, { base: { value } });
}

/** Proposes flag's base value as `api` and answers the change request id from the 409. */
export async function propose(api: Api, w: World, value: unknown): Promise<string> {
  const res = await patchFlag(api, w, value);
  assert.equal(res.status, 409, res.text);
  assert.equal(res.body.code, "approval_required");
  assert.match(res.body.error!, /submitted for review as change request/);
  return String(res.body.changeRequestId);
}

export async function flag(w: CrWorld): Promise<{ value: unknown; version: number }> {
  const res = await w.su.ok("GET", `/projects/${w.projectId}/configs/flag`);
  return { value: (res.body.base as { value: unknown }).value, version: Number(res.body.version) };
}

export function act(api: Api, w: World, id: string, verb: string, comment = ""): Promise<Reply> {
  return api.send("POST", `${crPath(w, id)}/${verb}`, comment ? { comment } : undefined);
}
