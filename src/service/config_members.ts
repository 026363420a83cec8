// A config's members (maintainers and editors). Members are part of the config's state, so
// each change writes a new version.
import { Conflict, Invalid, NotFound } from "../domain/errors.ts";
import { LIMITS } from "../domain/limits.ts";
import type { ConfigMember } from "../domain/config_state.ts";
import type { ConfigRole } from "../domain/permissions.ts";
import type { Store } from "../store/store.ts";
import type { Caller } from "./caller.ts";
import { projectTarget } from "./caller.ts";
import { writeVersion } from "./config_write.ts";
import { configOr404, projectOr404 } from "./lookup.ts";

export async function listConfigMembers(
  store: Store,
  caller: Caller,
  projectId: string,
  name: string,
): Promise<ConfigMember[]> {
  return await store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    return (await configOr404(tx, p, name)).members;
  });
}

export type MemberChange = {
  projectId: string;
  name: string;
  email: string;
  /** The new role; null removes the member. */
  role: ConfigRole | null;
  mode: "add" | "update" | "remove";
  baseVersion?: number;
};

/** Adds, changes or removes one member; answers the member and the config's new version. */
export async function changeConfigMember(store: Store, caller: Caller, change: MemberChange) {
  const { email: who, role, mode } = change;
  const action = `${mode} config member "${who}"`;
  return await store.write(async (tx) => {
    const p = await projectOr404(tx, change.projectId);
    caller.allow("config.read", projectTarget(p));
    const config = await configOr404(tx, p, change.name);
    const current = config.members.find((m) => m.email === who);
    if (mode === "add" && current) {
      throw new Conflict(
        `Cannot ${action}: they are already a ${current.role} of "${config.name}"`,
      );
    }
    if (mode !== "add" && !current) {
      throw new NotFound("other", `"${who}" is not a member of config "${config.name}"`);
    }
    if (mode === "add" && config.members.length >= LIMITS.maxMembers) {
      throw new Invalid(
        `Cannot ${action}: "${config.name}" has ${LIMITS.maxMembers} members, the limit`,
      );
    }
    const members: ConfigMember[] = config.members.filter((m) => m.email !== who);
    if (role !== null) members.push({ email: who, role });
    members.sort((a, b) => a.email < b.email ? -1 : 1);
    // Only members change, so the state still passes the checks it passed before.
    const saved = await writeVersion(tx, caller, p, config, { ...config, members }, {
      auditAction: `config_member.${mode}`,
      expectedVersion: change.baseVersion,
    });
    return { email: who, role: role ?? current!.role, version: saved.version };
  });
}
