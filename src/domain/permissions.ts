// Every access decision, as one pure function of (actor, action, target).
//
// Users: a workspace admin may do everything in the workspace. Any other workspace
// member is a viewer everywhere and may create projects. Project and config roles
// count only for members of the project's workspace, and only on that project or
// config. Within a project the roles form one ladder, each rung able to do all the
// rungs below it: project admin > project maintainer > config maintainer > config
// editor > viewer.
//
// Workspace API keys act only within their workspace and, with a project list, only
// on those projects. `X:write` implies `X:read`. Keys never manage API keys, workspace
// settings or workspaces: only SUPERUSER_API_KEY may create or delete workspaces over
// the API, and a signed-in user may create one (the store makes them its admin).
//
// Target ids must come from stored records (the project row's workspaceId, the config
// row's projectId), never from the request alone.

export type WorkspaceRole = "admin" | "member";
export type ProjectRole = "admin" | "maintainer";
export type ConfigRole = "maintainer" | "editor";

export const API_KEY_RESOURCES = ["project", "config", "environment", "sdk_key", "member"] as const;
export type ApiKeyResource = typeof API_KEY_RESOURCES[number];
/** `bypass-approvals` grants nothing by itself: with config:write, protected environments are
 * written directly (docs/safe_changes.md), audited as such. */
export type ApiKeyScope = `${ApiKeyResource}:${"read" | "write"}` | "bypass-approvals";
export const API_KEY_SCOPES: readonly ApiKeyScope[] = [
  ...API_KEY_RESOURCES.flatMap((r) => [`${r}:read` as const, `${r}:write` as const]),
  "bypass-approvals",
];

export type Actor =
  | { kind: "superuser" }
  | {
    kind: "user";
    email: string;
    /** Roles by workspace id, project id and config id; only the target's entries matter. */
    workspaces: ReadonlyMap<string, WorkspaceRole>;
    projects: ReadonlyMap<string, ProjectRole>;
    configs: ReadonlyMap<string, ConfigRole>;
  }
  | {
    kind: "api_key";
    keyId: string;
    workspaceId: string;
    scopes: readonly ApiKeyScope[];
    /** null: every project of the workspace. */
    projectIds: readonly string[] | null;
  };

export type UserActor = Extract<Actor, { kind: "user" }>;
export type ApiKeyActor = Extract<Actor, { kind: "api_key" }>;

export type GlobalTarget = Record<never, never>;
export type WorkspaceTarget = { workspaceId: string };
export type ProjectTarget = WorkspaceTarget & { projectId: string };
export type ConfigTarget = ProjectTarget & { configId: string };

/** The role ladder, lowest first; a user's rank on a target is their highest rung. */
export const RANKS = [
  "outsider",
  "viewer",
  "config editor",
  "config maintainer",
  "project maintainer",
  "project admin",
  "workspace admin",
] as const;
export type Rank = typeof RANKS[number];

/** The ranks a rule may ask of a reviewer, lowest first. */
export const APPROVER_RANKS = [
  "viewer",
  "config editor",
  "config maintainer",
  "project maintainer",
  "project admin",
  "workspace admin",
] as const satisfies readonly Rank[];

type Rule = {
  level: "global" | "workspace" | "project" | "config";
  label: string;
  /** Lowest rank a user needs. */
  user: Rank;
  /** Scopes of which an API key needs one; [] = any key of the workspace; null = no key. */
  key: readonly ApiKeyScope[] | null;
};

const rule = (
  level: Rule["level"],
  label: string,
  user: Rank,
  key: readonly ApiKeyScope[] | null,
): Rule => ({ level, label, user, key });

export const ACTIONS = {
  "workspace.create": rule("global", "create a workspace", "outsider", null),
  "workspace.read": rule("workspace", "read the workspace", "viewer", []),
  "workspace.update": rule("workspace", "change workspace settings", "workspace admin", null),
  "workspace.delete": rule("workspace", "delete the workspace", "workspace admin", null),
  "workspace.members.read": rule("workspace", "list workspace members", "viewer", [
    "member:read",
  ]),
  "workspace.members.write": rule("workspace", "manage workspace members", "workspace admin", [
    "member:write",
  ]),
  // Keys would see every project's history here; they use the per-project log instead.
  "workspace.audit.read": rule(
    "workspace",
    "read the workspace audit log",
    "workspace admin",
    null,
  ),
  // The walk reads every version and audit row of the workspace (docs/security.md).
  "workspace.history.verify": rule(
    "workspace",
    "verify the workspace's history",
    "workspace admin",
    null,
  ),
  // Re-wraps the data keys of sensitive configs under the current master key.
  "encryption_keys.rotate": rule(
    "workspace",
    "rotate the encryption keys",
    "workspace admin",
    null,
  ),
  "api_keys.read": rule("workspace", "list API keys", "workspace admin", null),
  "api_keys.write": rule("workspace", "manage API keys", "workspace admin", null),
  // Endpoints see every event of the workspace (its changes and who made them).
  "webhook.read": rule("workspace", "list webhooks", "workspace admin", null),
  "webhook.write": rule("workspace", "manage webhooks", "workspace admin", null),
  // A relay key reads rendered configs and SDK key hashes of its scope (docs/relay.md).
  "relay_keys.read": rule("workspace", "list relay keys", "workspace admin", null),
  "relay_keys.write": rule("workspace", "manage relay keys", "workspace admin", null),
  "project.create": rule("workspace", "create a project", "viewer", ["project:write"]),
  "project.read": rule("project", "read the project", "viewer", ["project:read"]),
  "project.update": rule("project", "edit the project", "project maintainer", ["project:write"]),
  "project.delete": rule("project", "delete the project", "project admin", ["project:write"]),
  "project.members.read": rule("project", "list project members", "viewer", ["member:read"]),
  "project.members.write": rule("project", "manage project members", "project admin", [
    "member:write",
  ]),
  // Writing configs needs environment ids, so config:write also lets a key list them.
  "environment.read": rule("project", "list environments", "viewer", [
    "environment:read",
    "config:write",
  ]),
  "environment.write": rule("project", "manage environments", "project maintainer", [
    "environment:write",
  ]),
  "sdk_key.read": rule("project", "list SDK keys", "viewer", ["sdk_key:read"]),
  "sdk_key.write": rule("project", "manage SDK keys", "project maintainer", ["sdk_key:write"]),
  "audit.read": rule("project", "read the audit log", "project maintainer", ["project:read"]),
  "config.read": rule("project", "read configs", "viewer", ["config:read"]),
  "config.create": rule("project", "create a config", "project maintainer", ["config:write"]),
  "config.delete": rule("config", "delete the config", "config maintainer", ["config:write"]),
  "config.edit_value": rule("config", "edit the config's values and description", "config editor", [
    "config:write",
  ]),
  "config.edit_schema": rule("config", "edit the config's schema", "config maintainer", [
    "config:write",
  ]),
  "config.edit_overrides": rule("config", "edit the config's overrides", "config maintainer", [
    "config:write",
  ]),
  // A segment or exclusion group changes every config that uses it.
  "targeting.write": rule("project", "manage segments and exclusion groups", "project maintainer", [
    "config:write",
  ]),
  // Drops the overrides too, so it needs what editing them needs; it bypasses approvals.
  "config.kill_switch": rule("config", "use the config's kill switch", "config maintainer", [
    "config:write",
  ]),
  // Every config of the project at once, creating and deleting configs as they were then.
  "project.rollback": rule("project", "roll back the project", "project maintainer", [
    "config:write",
  ]),
  // Who must approve changes to an environment (docs/safe_changes.md). Keys never: a key
  // that could switch approval off could write past it.
  "approval.write": rule("project", "change approval rules", "project admin", null),
  // The rule of the environments a change request touches asks more (its minimum role, config
  // members only); people review, keys do not.
  "change_request.review": rule("config", "review change requests", "viewer", null),
  "config.members.read": rule("config", "list config members", "viewer", ["config:read"]),
  // The admin API's config body carries its editors, so config:write covers them.
  "config.members.write": rule("config", "manage config members", "config maintainer", [
    "config:write",
  ]),
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof ACTIONS;
type Targets = {
  global: GlobalTarget;
  workspace: WorkspaceTarget;
  project: ProjectTarget;
  config: ConfigTarget;
};
export type TargetFor<A extends Action> = Targets[(typeof ACTIONS)[A]["level"]];

export type Decision = { allowed: true } | { allowed: false; reason: string };

const ALLOWED: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

const rankIndex = (rank: Rank): number => RANKS.indexOf(rank);

/** A user's highest rung on the target. */
export function rankOf(
  user: UserActor,
  target: Partial<ConfigTarget>,
): Rank {
  const workspaceRole = target.workspaceId ? user.workspaces.get(target.workspaceId) : undefined;
  if (!workspaceRole) return "outsider";
  if (workspaceRole === "admin") return "workspace admin";
  const project = target.projectId ? user.projects.get(target.projectId) : undefined;
  if (project === "admin") return "project admin";
  if (project === "maintainer") return "project maintainer";
  const config = target.configId ? user.configs.get(target.configId) : undefined;
  if (config === "maintainer") return "config maintainer";
  if (config === "editor") return "config editor";
  return "viewer";
}

function hasScope(scopes: readonly ApiKeyScope[], wanted: ApiKeyScope): boolean {
  if (scopes.includes(wanted)) return true;
  return wanted.endsWith(":read") &&
    scopes.includes(wanted.replace(/:read$/, ":write") as ApiKeyScope);
}

function decideForKey(
  key: ApiKeyActor,
  action: Action,
  target: Partial<ConfigTarget>,
): Decision {
  const { label, key: scopes } = ACTIONS[action];
  if (scopes === null) return deny(`Cannot ${label}: API keys may not do this`);
  if (target.workspaceId !== key.workspaceId) {
    return deny(`Cannot ${label}: the API key belongs to another workspace`);
  }
  if (key.projectIds !== null) {
    // Workspace-wide actions (creating projects, managing workspace members) would reach
    // past the list; only reading the workspace itself stays allowed.
    if (target.projectId === undefined && action !== "workspace.read") {
      return deny(`Cannot ${label}: the API key is restricted to a list of projects`);
    }
    if (target.projectId !== undefined && !key.projectIds.includes(target.projectId)) {
      return deny(
        `Cannot ${label}: project "${target.projectId}" is not in the API key's project list`,
      );
    }
  }
  if (scopes.length > 0 && !scopes.some((s) => hasScope(key.scopes, s))) {
    return deny(
      `Cannot ${label}: the API key needs scope ${scopes.map((s) => `"${s}"`).join(" or ")}`,
    );
  }
  return ALLOWED;
}

/** Decides whether `actor` may do `action` on `target`, with a reason for a 403 if not. */
export function authorize<A extends Action>(
  actor: Actor,
  action: A,
  target: TargetFor<A>,
): Decision {
  const t = target as Partial<ConfigTarget>;
  if (actor.kind === "superuser") return ALLOWED;
  if (actor.kind === "api_key") return decideForKey(actor, action, t);
  const { label, user: needed, level } = ACTIONS[action];
  if (level === "global") return ALLOWED;
  const rank = rankOf(actor, t);
  if (rank === "outsider") return deny(`Cannot ${label}: you are not a member of this workspace`);
  if (rankIndex(rank) >= rankIndex(needed)) return ALLOWED;
  return deny(`Cannot ${label}: it needs ${needed} or higher; you are ${rank}`);
}

/** authorize() as a boolean, for filtering lists and hiding buttons. */
export function can<A extends Action>(actor: Actor, action: A, target: TargetFor<A>): boolean {
  return authorize(actor, action, target).allowed;
}
