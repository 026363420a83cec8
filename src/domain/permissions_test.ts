import assert from "node:assert/strict";
import {
  type Action,
  ACTIONS,
  type Actor,
  API_KEY_SCOPES,
  type ApiKeyScope,
  authorize,
  can,
  type ConfigRole,
  type ConfigTarget,
  type ProjectRole,
  rankOf,
  type TargetFor,
  type UserActor,
  type WorkspaceRole,
} from "./permissions.ts";

const W = "ws-1", P = "proj-1", C = "cfg-1";

function user(
  workspace: WorkspaceRole | null,
  project: ProjectRole | null = null,
  config: ConfigRole | null = null,
): UserActor {
  return {
    kind: "user",
    email: "u@example.com",
    workspaces: new Map(workspace ? [[W, workspace]] : []),
    projects: new Map(project ? [[P, project]] : []),
    configs: new Map(config ? [[C, config]] : []),
  };
}

function targetFor<A extends Action>(action: A, ids: ConfigTarget): TargetFor<A> {
  const level = ACTIONS[action].level;
  const target = level === "global"
    ? {}
    : level === "workspace"
    ? { workspaceId: ids.workspaceId }
    : level === "project"
    ? { workspaceId: ids.workspaceId, projectId: ids.projectId }
    : ids;
  return target as TargetFor<A>;
}

const HERE: ConfigTarget = { workspaceId: W, projectId: P, configId: C };

// The permission matrix for people. Columns, left to right:
//   S  superuser (SUPERUSER_API_KEY)
//   WA workspace admin          WM workspace member (a viewer)
//   PA project admin            PM project maintainer
//   CM config maintainer        CE config editor
//   X  signed-in user outside the workspace
const COLUMNS: [string, Actor][] = [
  ["superuser", { kind: "superuser" }],
  ["workspace admin", user("admin")],
  ["workspace member", user("member")],
  ["project admin", user("member", "admin")],
  ["project maintainer", user("member", "maintainer")],
  ["config maintainer", user("member", null, "maintainer")],
  ["config editor", user("member", null, "editor")],
  ["outsider", user(null)],
];

const MATRIX: Record<Action, string> = {
  //                          S WA WM PA PM CM CE X
  "workspace.create": "       y y  y  y  y  y  y  y",
  "workspace.read": "         y y  y  y  y  y  y  -",
  "workspace.update": "       y y  -  -  -  -  -  -",
  "workspace.delete": "       y y  -  -  -  -  -  -",
  "workspace.members.read": " y y  y  y  y  y  y  -",
  "workspace.members.write": "y y  -  -  -  -  -  -",
  "workspace.audit.read": "   y y  -  -  -  -  -  -",
  "workspace.history.verify": "y y  -  -  -  -  -  -",
  "encryption_keys.rotate": "  y y  -  -  -  -  -  -",
  "api_keys.read": "          y y  -  -  -  -  -  -",
  "api_keys.write": "         y y  -  -  -  -  -  -",
  "webhook.read": "           y y  -  -  -  -  -  -",
  "webhook.write": "          y y  -  -  -  -  -  -",
  "relay_keys.read": "        y y  -  -  -  -  -  -",
  "relay_keys.write": "       y y  -  -  -  -  -  -",
  "project.create": "         y y  y  y  y  y  y  -",
  "project.read": "           y y  y  y  y  y  y  -",
  "project.update": "         y y  -  y  y  -  -  -",
  "project.delete": "         y y  -  y  -  -  -  -",
  "project.members.read": "   y y  y  y  y  y  y  -",
  "project.members.write": "  y y  -  y  -  -  -  -",
  "environment.read": "       y y  y  y  y  y  y  -",
  "environment.write": "      y y  -  y  y  -  -  -",
  "sdk_key.read": "           y y  y  y  y  y  y  -",
  "sdk_key.write": "          y y  -  y  y  -  -  -",
  "audit.read": "             y y  -  y  y  -  -  -",
  "config.read": "            y y  y  y  y  y  y  -",
  "config.create": "          y y  -  y  y  -  -  -",
  "targeting.write": "        y y  -  y  y  -  -  -",
  "config.delete": "          y y  -  y  y  y  -  -",
  "config.edit_value": "      y y  -  y  y  y  y  -",
  "config.edit_schema": "     y y  -  y  y  y  -  -",
  "config.edit_overrides": "  y y  -  y  y  y  -  -",
  "config.kill_switch": "     y y  -  y  y  y  -  -",
  "project.rollback": "       y y  -  y  y  -  -  -",
  "approval.write": "         y y  -  y  -  -  -  -",
  "change_request.review": "  y y  y  y  y  y  y  -",
  "config.members.read": "    y y  y  y  y  y  y  -",
  "config.members.write": "   y y  -  y  y  y  -  -",
};

Deno.test("authorize() follows the role matrix for every action", () => {
  assert.deepEqual(Object.keys(MATRIX).sort(), Object.keys(ACTIONS).sort());
  for (const action of Object.keys(MATRIX) as Action[]) {
    const expected = MATRIX[action].trim().split(/\s+/).map((c) => c === "y");
    assert.equal(expected.length, COLUMNS.length, action);
    COLUMNS.forEach(([name, actor], i) => {
      assert.equal(can(actor, action, targetFor(action, HERE)), expected[i], `${name} / ${action}`);
    });
  }
});

Deno.test("project and config roles apply only to their own project and config", () => {
  const other: ConfigTarget = { workspaceId: W, projectId: "proj-2", configId: "cfg-2" };
  assert.equal(rankOf(user("member", "admin"), other), "viewer");
  assert.equal(can(user("member", "admin"), "project.delete", other), false);
  assert.equal(can(user("member", "maintainer"), "config.create", other), false);
  assert.equal(can(user("member", null, "maintainer"), "config.edit_schema", other), false);
  assert.equal(can(user("member", null, "editor"), "config.edit_value", other), false);
  // A workspace admin's rights do not reach another workspace.
  assert.equal(can(user("admin"), "config.read", { ...HERE, workspaceId: "ws-2" }), false);
});

Deno.test("project and config roles count only for workspace members", () => {
  const stale = user(null, "admin", "maintainer");
  assert.equal(rankOf(stale, HERE), "outsider");
  assert.deepEqual(authorize(stale, "config.edit_value", HERE), {
    allowed: false,
    reason: "Cannot edit the config's values and description: " +
      "you are not a member of this workspace",
  });
});

Deno.test("authorize() explains a refusal to a user", () => {
  assert.deepEqual(authorize(user("member", "maintainer"), "project.delete", HERE), {
    allowed: false,
    reason:
      "Cannot delete the project: it needs project admin or higher; you are project maintainer",
  });
});

// For each action, the single scopes that let an API key do it; "*" = any key of the
// workspace, even one without scopes; [] = no key ever.
const KEY_MATRIX: Record<Action, readonly ApiKeyScope[] | "*"> = {
  "workspace.create": [],
  "workspace.read": "*",
  "workspace.update": [],
  "workspace.delete": [],
  "workspace.members.read": ["member:read", "member:write"],
  "workspace.members.write": ["member:write"],
  "workspace.audit.read": [],
  "workspace.history.verify": [],
  "encryption_keys.rotate": [],
  "api_keys.read": [],
  "api_keys.write": [],
  "webhook.read": [],
  "webhook.write": [],
  "relay_keys.read": [],
  "relay_keys.write": [],
  "project.create": ["project:write"],
  "project.read": ["project:read", "project:write"],
  "project.update": ["project:write"],
  "project.delete": ["project:write"],
  "project.members.read": ["member:read", "member:write"],
  "project.members.write": ["member:write"],
  "environment.read": ["config:write", "environment:read", "environment:write"],
  "environment.write": ["environment:write"],
  "sdk_key.read": ["sdk_key:read", "sdk_key:write"],
  "sdk_key.write": ["sdk_key:write"],
  "audit.read": ["project:read", "project:write"],
  "config.read": ["config:read", "config:write"],
  "config.create": ["config:write"],
  "targeting.write": ["config:write"],
  "config.kill_switch": ["config:write"],
  "project.rollback": ["config:write"],
  "approval.write": [],
  "change_request.review": [],
  "config.delete": ["config:write"],
  "config.edit_value": ["config:write"],
  "config.edit_schema": ["config:write"],
  "config.edit_overrides": ["config:write"],
  "config.members.read": ["config:read", "config:write"],
  "config.members.write": ["config:write"],
};

function key(scopes: readonly ApiKeyScope[], projectIds: string[] | null = null): Actor {
  return { kind: "api_key", keyId: "k1", workspaceId: W, scopes, projectIds };
}

Deno.test("API keys need the scope the action names; write implies read", () => {
  assert.deepEqual(Object.keys(KEY_MATRIX).sort(), Object.keys(ACTIONS).sort());
  for (const action of Object.keys(KEY_MATRIX) as Action[]) {
    const expected = KEY_MATRIX[action];
    const allowed = API_KEY_SCOPES.filter((s) => can(key([s]), action, targetFor(action, HERE)));
    assert.deepEqual(allowed, expected === "*" ? API_KEY_SCOPES : expected, action);
    const bare = can(key([]), action, targetFor(action, HERE));
    assert.equal(bare, expected === "*", `${action} with no scopes`);
  }
});

Deno.test("API keys act only within their workspace", () => {
  const all = key(API_KEY_SCOPES);
  const elsewhere: ConfigTarget = { ...HERE, workspaceId: "ws-2" };
  assert.deepEqual(authorize(all, "config.read", elsewhere), {
    allowed: false,
    reason: "Cannot read configs: the API key belongs to another workspace",
  });
  assert.equal(can(all, "workspace.read", { workspaceId: "ws-2" }), false);
});

Deno.test("a project list restricts an API key to those projects", () => {
  const limited = key(["config:write", "project:write"], [P]);
  assert.equal(can(limited, "config.edit_overrides", HERE), true);
  assert.deepEqual(authorize(limited, "config.read", { ...HERE, projectId: "proj-2" }), {
    allowed: false,
    reason: 'Cannot read configs: project "proj-2" is not in the API key\'s project list',
  });
  assert.equal(can(limited, "project.create", { workspaceId: W }), false);
  // Not even with member scopes: a workspace admin it added would reach every project.
  const members = key(["member:write"], [P]);
  assert.equal(can(members, "workspace.members.write", { workspaceId: W }), false);
  assert.equal(can(members, "workspace.members.read", { workspaceId: W }), false);
  assert.equal(can(members, "project.members.write", HERE), true);
  assert.equal(can(members, "workspace.read", { workspaceId: W }), true);
  assert.equal(can(key(["project:write"]), "project.create", { workspaceId: W }), true);
});

Deno.test("authorize() names the missing scope", () => {
  assert.deepEqual(authorize(key(["config:read"]), "config.create", HERE), {
    allowed: false,
    reason: 'Cannot create a config: the API key needs scope "config:write"',
  });
  assert.deepEqual(authorize(key(API_KEY_SCOPES), "api_keys.write", { workspaceId: W }), {
    allowed: false,
    reason: "Cannot manage API keys: API keys may not do this",
  });
});
