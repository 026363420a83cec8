// Workspace and project members, by normalized email: list (Replane has the project list),
// add, change role, remove. A workspace keeps at least one admin.
import { z } from "zod";
import { LIMITS } from "../../domain/limits.ts";
import { email } from "../../domain/names.ts";
import type { ProjectTarget, WorkspaceTarget } from "../../domain/permissions.ts";
import type { Tx } from "../../store/store.ts";
import { badRequest, conflict, notFound } from "../errors.ts";
import { type Caller, projectOr404, projectTarget, workspaceOr404 } from "./caller.ts";
import { MemberDto, toMember } from "./dto.ts";
import { idField } from "./fields.ts";
import { audit } from "../../service/audit.ts";
import { invalid, route, type RouteDef } from "./registry.ts";

type Owner = {
  id: string;
  label: string;
  target: WorkspaceTarget | ProjectTarget;
  workspaceId: string;
  projectId: string | null;
};

type Kind = {
  kind: "workspace" | "project";
  base: string;
  idParam: "workspaceId" | "projectId";
  roles: readonly [string, ...string[]];
  load(tx: Tx, id: string): Promise<Owner>;
  repo(tx: Tx): Tx["workspaceMembers"] | Tx["projectMembers"];
  /** Checks before someone gets `role` (or loses theirs, when role is null). */
  guard(tx: Tx, owner: Owner, email: string, role: string | null, action: string): Promise<void>;
};

const KINDS: Kind[] = [{
  kind: "workspace",
  base: "/workspaces/{workspaceId}/members",
  idParam: "workspaceId",
  roles: ["admin", "member"],
  async load(tx, id) {
    const w = await workspaceOr404(tx, id);
    return {
      id: w.id,
      label: `workspace "${w.name}"`,
      target: { workspaceId: w.id },
      workspaceId: w.id,
      projectId: null,
    };
  },
  repo: (tx) => tx.workspaceMembers,
  async guard(tx, owner, who, role, action) {
    if (role === "admin") return;
    const admins = (await tx.workspaceMembers.list(owner.id)).filter((m) => m.role === "admin");
    if (admins.length === 1 && admins[0]!.email === who) {
      throw badRequest(`Cannot ${action}: "${who}" is the workspace's last admin`);
    }
  },
}, {
  kind: "project",
  base: "/projects/{projectId}/members",
  idParam: "projectId",
  roles: ["admin", "maintainer"],
  async load(tx, id) {
    const p = await projectOr404(tx, id);
    return {
      id: p.id,
      label: `project "${p.name}"`,
      target: projectTarget(p),
      workspaceId: p.workspaceId,
      projectId: p.id,
    };
  },
  repo: (tx) => tx.projectMembers,
  async guard(tx, owner, who, role, action) {
    if (role === null || await tx.workspaceMembers.get(owner.workspaceId, who)) return;
    throw invalid(action, [{
      path: "email",
      message: `email "${who}" is not a member of the project's workspace; add them there first`,
    }]);
  },
}];

function routesFor(k: Kind): RouteDef[] {
  const tag = "Members";
  // The id's key depends on the kind, which TypeScript cannot follow into the schema.
  const ownerParams = z.object({ [k.idParam]: idField(k.idParam) }) as unknown as z.ZodType<
    Record<string, string>
  >;
  const memberParams = z.object({ [k.idParam]: idField(k.idParam), email }) as unknown as z.ZodType<
    Record<string, string> & { email: string }
  >;
  const role = z.enum(k.roles);
  const read = k.kind === "workspace" ? "workspace.members.read" : "project.members.read";
  const write = k.kind === "workspace" ? "workspace.members.write" : "project.members.write";

  async function change(
    tx: Tx,
    c: Caller,
    ownerId: string,
    who: string,
    next: string | null,
    mode: "add" | "update" | "remove",
  ) {
    const owner = await k.load(tx, ownerId);
    c.allow(write, owner.target as never);
    const action = `${mode} ${k.kind} member "${who}"`;
    const current = await k.repo(tx).get(owner.id, who);
    if (mode === "add" && current) {
      throw conflict(`Cannot ${action}: they are already a member of ${owner.label}`);
    }
    if (mode !== "add" && !current) throw notFound(`"${who}" is not a member of ${owner.label}`);
    if (mode === "add" && (await k.repo(tx).list(owner.id)).length >= LIMITS.maxMembers) {
      throw badRequest(
        `Cannot ${action}: ${owner.label} has ${LIMITS.maxMembers} members, the limit`,
      );
    }
    await k.guard(tx, owner, who, next, action);
    if (next === null) await k.repo(tx).remove(owner.id, who);
    else await k.repo(tx).set(owner.id, who, next as never);
    await audit(tx, c.audit, {
      workspaceId: owner.workspaceId,
      projectId: owner.projectId,
      action: `${k.kind}_member.${mode}`,
      targetType: `${k.kind}_member`,
      targetId: who,
      before: current ? { email: who, role: current.role } : null,
      after: next === null ? null : { email: who, role: next },
    });
    const saved = await k.repo(tx).get(owner.id, who);
    return saved ? toMember(saved) : null;
  }

  return [
    route({
      method: "get",
      path: k.base,
      action: `list ${k.kind} members`,
      tag,
      replane: k.kind === "project",
      params: ownerParams,
      response: z.object({ members: z.array(MemberDto) }),
      async handle({ deps, params, caller }) {
        const c = await caller();
        const members = await deps.store.read(async (tx) => {
          const owner = await k.load(tx, params[k.idParam]!);
          c.allow(read, owner.target as never);
          return await k.repo(tx).list(owner.id);
        });
        return { members: members.map(toMember) };
      },
    }),
    route({
      method: "post",
      path: k.base,
      action: `add a ${k.kind} member`,
      tag,
      params: ownerParams,
      body: z.strictObject({ email, role }),
      status: 201,
      response: MemberDto,
      async handle({ deps, params, body, caller }) {
        const c = await caller();
        return await deps.store.write((tx) =>
          change(tx, c, params[k.idParam]!, body.email, body.role, "add")
        );
      },
    }),
    route({
      method: "patch",
      path: `${k.base}/{email}`,
      action: `change a ${k.kind} member's role`,
      tag,
      params: memberParams,
      body: z.strictObject({ role }),
      response: MemberDto,
      async handle({ deps, params, body, caller }) {
        const c = await caller();
        return await deps.store.write((tx) =>
          change(tx, c, params[k.idParam]!, params.email, body.role, "update")
        );
      },
    }),
    route({
      method: "delete",
      path: `${k.base}/{email}`,
      action: `remove a ${k.kind} member`,
      tag,
      params: memberParams,
      status: 204,
      async handle({ deps, params, caller }) {
        const c = await caller();
        await deps.store.write((tx) =>
          change(tx, c, params[k.idParam]!, params.email, null, "remove")
        );
        return null;
      },
    }),
  ];
}

export const memberRoutes = KINDS.flatMap(routesFor);
