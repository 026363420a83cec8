// Workspace and project members, by normalized email: list (Replane has the project list),
// add, change role, remove (src/service/members.ts).
import { z } from "zod";
import { email } from "../../domain/names.ts";
import * as members from "../../service/members.ts";
import { MemberDto, toMember } from "./dto.ts";
import { idField } from "./fields.ts";
import { type Input, route, type RouteDef } from "./registry.ts";

type Kind = { kind: members.MemberKind; base: string; idParam: "workspaceId" | "projectId" };

const KINDS: Kind[] = [
  { kind: "workspace", base: "/workspaces/{workspaceId}/members", idParam: "workspaceId" },
  { kind: "project", base: "/projects/{projectId}/members", idParam: "projectId" },
];

type OwnerParams = Record<string, string>;
type MemberParams = OwnerParams & { email: string };

function routesFor(k: Kind): RouteDef[] {
  const tag = "Members";
  // The id's key depends on the kind, which TypeScript cannot follow into the schema.
  const ownerParams = z.object({ [k.idParam]: idField(k.idParam) }) as unknown as z.ZodType<
    OwnerParams
  >;
  const memberParams = z.object({ [k.idParam]: idField(k.idParam), email }) as unknown as z.ZodType<
    MemberParams
  >;
  const role = z.enum(members.MEMBER_ROLES[k.kind]);
  const addBody = z.strictObject({ email, role });
  const roleBody = z.strictObject({ role });
  const ownerId = (params: OwnerParams) => params[k.idParam]!;

  async function listMembers({ deps, params, caller }: Input<OwnerParams, void, void>) {
    const list = await members.listMembers(deps.store, await caller(), k.kind, ownerId(params));
    return { members: list.map(toMember) };
  }

  async function addMember(
    { deps, params, body, caller }: Input<OwnerParams, void, z.infer<typeof addBody>>,
  ) {
    const added = await members.changeMember(deps.store, await caller(), {
      kind: k.kind,
      ownerId: ownerId(params),
      email: body.email,
      role: body.role,
      mode: "add",
    });
    return toMember(added!);
  }

  async function changeMemberRole(
    { deps, params, body, caller }: Input<MemberParams, void, z.infer<typeof roleBody>>,
  ) {
    const changed = await members.changeMember(deps.store, await caller(), {
      kind: k.kind,
      ownerId: ownerId(params),
      email: params.email,
      role: body.role,
      mode: "update",
    });
    return toMember(changed!);
  }

  async function removeMember({ deps, params, caller }: Input<MemberParams, void, void>) {
    await members.changeMember(deps.store, await caller(), {
      kind: k.kind,
      ownerId: ownerId(params),
      email: params.email,
      role: null,
      mode: "remove",
    });
    return null;
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
      handle: listMembers,
    }),
    route({
      method: "post",
      path: k.base,
      action: `add a ${k.kind} member`,
      tag,
      params: ownerParams,
      body: addBody,
      status: 201,
      response: MemberDto,
      handle: addMember,
    }),
    route({
      method: "patch",
      path: `${k.base}/{email}`,
      action: `change a ${k.kind} member's role`,
      tag,
      params: memberParams,
      body: roleBody,
      response: MemberDto,
      handle: changeMemberRole,
    }),
    route({
      method: "delete",
      path: `${k.base}/{email}`,
      action: `remove a ${k.kind} member`,
      tag,
      params: memberParams,
      status: 204,
      handle: removeMember,
    }),
  ];
}

export const memberRoutes = KINDS.flatMap(routesFor);
