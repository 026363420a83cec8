// A config's members (maintainers and editors). Members are part of the config's state, so
// each change writes a new version; a stale baseVersion is a 409.
import { z } from "zod";
import { LIMITS } from "../../domain/limits.ts";
import { email } from "../../domain/names.ts";
import type { ConfigMember, ConfigRole } from "../../store/types.ts";
import { badRequest, conflict, notFound } from "../errors.ts";
import { type Caller, configOr404, projectOr404, projectTarget } from "./caller.ts";
import { saveConfig } from "./config_write.ts";
import { MemberDto } from "./dto.ts";
import { configParams } from "./fields.ts";
import type { AppDeps } from "../app.ts";
import { route } from "./registry.ts";

const tag = "Members";
const role = z.enum(["maintainer", "editor"]);
const baseVersion = z.number().int().min(1).optional();
const memberParams = configParams.extend({ email });
const MemberWithVersion = MemberDto.extend({ version: z.number().int() });

async function change(
  deps: AppDeps,
  c: Caller,
  params: { projectId: string; name: string },
  who: string,
  next: ConfigRole | null,
  mode: "add" | "update" | "remove",
  expectedVersion?: number,
) {
  const action = `${mode} config member "${who}"`;
  return await deps.store.write(async (tx) => {
    const p = await projectOr404(tx, params.projectId);
    c.allow("config.read", projectTarget(p));
    const config = await configOr404(tx, p, params.name);
    const current = config.members.find((m) => m.email === who);
    if (mode === "add" && current) {
      throw conflict(`Cannot ${action}: they are already a ${current.role} of "${config.name}"`);
    }
    if (mode !== "add" && !current) {
      throw notFound(`"${who}" is not a member of config "${config.name}"`);
    }
    if (mode === "add" && config.members.length >= LIMITS.maxMembers) {
      throw badRequest(
        `Cannot ${action}: "${config.name}" has ${LIMITS.maxMembers} members, the limit`,
      );
    }
    const members: ConfigMember[] = config.members.filter((m) => m.email !== who);
    if (next !== null) members.push({ email: who, role: next });
    members.sort((a, b) => a.email < b.email ? -1 : 1);
    const saved = await saveConfig(tx, c, p, config, { ...config, members }, {
      action,
      auditAction: `config_member.${mode}`,
      expectedVersion,
      stale: () =>
        conflict(`Cannot ${action}: config "${config.name}" is at version ${config.version}`),
      checked: true,
    });
    return { email: who, role: next ?? current!.role, version: saved.version };
  });
}

export const configMemberRoutes = [
  route({
    method: "get",
    path: "/projects/{projectId}/configs/{name}/members",
    action: "list config members",
    tag,
    params: configParams,
    response: z.object({ members: z.array(MemberDto) }),
    async handle({ deps, params, caller }) {
      const c = await caller();
      return await deps.store.read(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("config.read", projectTarget(p));
        const config = await configOr404(tx, p, params.name);
        return { members: config.members.map((m) => ({ email: m.email, role: m.role })) };
      });
    },
  }),
  route({
    method: "post",
    path: "/projects/{projectId}/configs/{name}/members",
    action: "add a config member",
    tag,
    params: configParams,
    body: z.strictObject({ email, role, baseVersion }),
    status: 201,
    response: MemberWithVersion,
    async handle({ deps, params, body, caller }) {
      return await change(
        deps,
        await caller(),
        params,
        body.email,
        body.role,
        "add",
        body.baseVersion,
      );
    },
  }),
  route({
    method: "patch",
    path: "/projects/{projectId}/configs/{name}/members/{email}",
    action: "change a config member's role",
    tag,
    params: memberParams,
    body: z.strictObject({ role, baseVersion }),
    response: MemberWithVersion,
    async handle({ deps, params, body, caller }) {
      return await change(
        deps,
        await caller(),
        params,
        params.email,
        body.role,
        "update",
        body.baseVersion,
      );
    },
  }),
  route({
    method: "delete",
    path: "/projects/{projectId}/configs/{name}/members/{email}",
    action: "remove a config member",
    tag,
    params: memberParams,
    status: 204,
    async handle({ deps, params, caller }) {
      await change(deps, await caller(), params, params.email, null, "remove");
      return null;
    },
  }),
];
