// A config's members (maintainers and editors). Each change writes a new config version; a
// stale baseVersion is a 409.
import { z } from "zod";
import { email } from "../../domain/names.ts";
import { changeConfigMember, listConfigMembers } from "../../service/config_members.ts";
import { MemberDto } from "./dto.ts";
import { configParams } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const tag = "Members";
const role = z.enum(["maintainer", "editor"]);
const baseVersion = z.number().int().min(1).optional();
const memberParams = configParams.extend({ email });
const MemberWithVersion = MemberDto.extend({ version: z.number().int() });
const addBody = z.strictObject({ email, role, baseVersion });
const roleBody = z.strictObject({ role, baseVersion });

type ConfigParams = z.infer<typeof configParams>;
type MemberParams = z.infer<typeof memberParams>;

async function listMembers({ deps, params, caller }: Input<ConfigParams, void, void>) {
  const members = await listConfigMembers(
    deps.store,
    await caller(),
    params.projectId,
    params.name,
  );
  return { members: members.map((m) => ({ email: m.email, role: m.role })) };
}

async function addMember(
  { deps, params, body, caller }: Input<ConfigParams, void, z.infer<typeof addBody>>,
) {
  return await changeConfigMember(deps.store, await caller(), {
    ...params,
    email: body.email,
    role: body.role,
    mode: "add",
    baseVersion: body.baseVersion,
  });
}

async function changeMemberRole(
  { deps, params, body, caller }: Input<MemberParams, void, z.infer<typeof roleBody>>,
) {
  return await changeConfigMember(deps.store, await caller(), {
    ...params,
    role: body.role,
    mode: "update",
    baseVersion: body.baseVersion,
  });
}

async function removeMember({ deps, params, caller }: Input<MemberParams, void, void>) {
  await changeConfigMember(deps.store, await caller(), { ...params, role: null, mode: "remove" });
  return null;
}

export const configMemberRoutes = [
  route({
    method: "get",
    path: "/projects/{projectId}/configs/{name}/members",
    action: "list config members",
    tag,
    params: configParams,
    response: z.object({ members: z.array(MemberDto) }),
    handle: listMembers,
  }),
  route({
    method: "post",
    path: "/projects/{projectId}/configs/{name}/members",
    action: "add a config member",
    tag,
    params: configParams,
    body: addBody,
    status: 201,
    response: MemberWithVersion,
    handle: addMember,
  }),
  route({
    method: "patch",
    path: "/projects/{projectId}/configs/{name}/members/{email}",
    action: "change a config member's role",
    tag,
    params: memberParams,
    body: roleBody,
    response: MemberWithVersion,
    handle: changeMemberRole,
  }),
  route({
    method: "delete",
    path: "/projects/{projectId}/configs/{name}/members/{email}",
    action: "remove a config member",
    tag,
    params: memberParams,
    status: 204,
    handle: removeMember,
  }),
];
