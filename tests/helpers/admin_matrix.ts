// The route table for the role matrix: every admin route, the permission it must enforce,
// and a request that succeeds when that permission is granted. Routes run in this order
// against a fresh fixture per actor, so destructive ones come last.
import type { Action, TargetFor } from "../../src/domain/permissions.ts";
import type { Api } from "./admin.ts";

export type Fixture = {
  w: string;
  p: string;
  p2: string;
  cfgId: string;
  prod: string;
  dev: string;
  temp: string;
  sdkKeyId: string;
  apiKeyId: string;
  /** A relay key of `w` (where the fixture makes one). */
  relayKeyId?: string;
  /** A webhook of `w` and one of its deliveries (where the fixture makes them). */
  webhookId?: string;
  deliveryId?: string;
  /** A kill switch in force on `cfg` (where the fixture makes one). */
  killSwitchId?: string;
  /** A pending scheduled change of `cfg` (where the fixture makes one). */
  scheduleId?: string;
  /** Open change requests of `cfg`, by the superuser, one per route that closes one. */
  changeRequests?: Record<"approve" | "changes" | "reject" | "withdraw" | "rebase", string>;
};

type Body = unknown | ((f: Fixture, su: Api) => Promise<unknown>);

export type MatrixRoute = {
  method: string;
  path: (f: Fixture) => string;
  body?: Body;
  /** The permission the route enforces, on which target; "list" routes filter instead. */
  action: Action | "list" | "public";
  target?: (f: Fixture) => unknown;
};

const ws = (f: Fixture) => ({ workspaceId: f.w });
const proj = (f: Fixture) => ({ workspaceId: f.w, projectId: f.p });
const cfg = (f: Fixture) => ({ workspaceId: f.w, projectId: f.p, configId: f.cfgId });
const r = <A extends Action>(
  method: string,
  path: (f: Fixture) => string,
  action: A,
  target: (f: Fixture) => TargetFor<A>,
  body?: Body,
): MatrixRoute => ({ method, path, action, target, body });

const C = (f: Fixture) => `/projects/${f.p}/configs/cfg`;
const H = (f: Fixture) => `/workspaces/${f.w}/webhooks/${f.webhookId}`;
const CR = (f: Fixture, which: keyof NonNullable<Fixture["changeRequests"]>) =>
  `/projects/${f.p}/change-requests/${f.changeRequests?.[which]}`;

export const MATRIX_ROUTES: MatrixRoute[] = [
  { method: "GET", path: () => "/openapi.json", action: "public" },
  { method: "GET", path: () => "/workspaces", action: "list" },
  { method: "GET", path: () => "/projects", action: "list" },
  r("POST", () => "/workspaces", "workspace.create", () => ({}), { name: "Made" }),
  r("GET", (f) => `/workspaces/${f.w}`, "workspace.read", ws),
  r("PATCH", (f) => `/workspaces/${f.w}`, "workspace.update", ws, { name: "Renamed" }),
  r("GET", (f) => `/workspaces/${f.w}/projects`, "workspace.read", ws),
  r("GET", (f) => `/workspaces/${f.w}/members`, "workspace.members.read", ws),
  r("POST", (f) => `/workspaces/${f.w}/members`, "workspace.members.write", ws, {
    email: "new@x.test",
    role: "member",
  }),
  r("PATCH", (f) => `/workspaces/${f.w}/members/m1@x.test`, "workspace.members.write", ws, {
    role: "admin",
  }),
  r(
    "DELETE",
    (f) => `/workspaces/${f.w}/members/m1@x.test/sessions`,
    "workspace.members.write",
    ws,
  ),
  r("DELETE", (f) => `/workspaces/${f.w}/members/m2@x.test`, "workspace.members.write", ws),
  r("GET", (f) => `/workspaces/${f.w}/api-keys`, "api_keys.read", ws),
  r("POST", (f) => `/workspaces/${f.w}/api-keys`, "api_keys.write", ws, {
    name: "k",
    scopes: ["config:read"],
  }),
  r("DELETE", (f) => `/workspaces/${f.w}/api-keys/${f.apiKeyId}`, "api_keys.write", ws),
  r("GET", (f) => `/workspaces/${f.w}/relay-keys`, "relay_keys.read", ws),
  r(
    "POST",
    (f) => `/workspaces/${f.w}/relay-keys`,
    "relay_keys.write",
    ws,
    (f: Fixture) => Promise.resolve({ name: "relay", projectIds: [f.p] }),
  ),
  r("DELETE", (f) => `/workspaces/${f.w}/relay-keys/${f.relayKeyId}`, "relay_keys.write", ws),
  r("GET", (f) => `/workspaces/${f.w}/encryption-keys`, "encryption_keys.rotate", ws),
  r("POST", (f) => `/workspaces/${f.w}/encryption-keys/rotate`, "encryption_keys.rotate", ws),
  r("GET", (f) => `/workspaces/${f.w}/audit-log`, "workspace.audit.read", ws),
  r("GET", (f) => `/workspaces/${f.w}/verify`, "workspace.history.verify", ws),
  r("GET", (f) => `/workspaces/${f.w}/webhooks`, "webhook.read", ws),
  r("POST", (f) => `/workspaces/${f.w}/webhooks`, "webhook.write", ws, {
    url: "https://93.184.216.34/matrix",
    events: ["config.*"],
  }),
  r("GET", H, "webhook.read", ws),
  r("PATCH", H, "webhook.write", ws, { description: "d" }),
  r("POST", (f) => `${H(f)}/rotate-secret`, "webhook.write", ws, {}),
  r("POST", (f) => `${H(f)}/test`, "webhook.write", ws),
  r("GET", (f) => `${H(f)}/deliveries`, "webhook.read", ws),
  r("POST", (f) => `${H(f)}/deliveries/${f.deliveryId}/redeliver`, "webhook.write", ws),
  r("POST", (f) => `${H(f)}/replay-dead-letters`, "webhook.write", ws),
  r("DELETE", H, "webhook.write", ws),
  r("POST", (f) => `/workspaces/${f.w}/projects`, "project.create", ws, { name: "New" }),
  r("GET", (f) => `/projects/${f.p}`, "project.read", proj),
  r("PATCH", (f) => `/projects/${f.p}`, "project.update", proj, { description: "d" }),
  r("GET", (f) => `/projects/${f.p}/permissions?config=cfg`, "project.read", proj),
  r("GET", (f) => `/projects/${f.p}/configs`, "config.read", proj),
  r("GET", C, "config.read", proj),
  r("POST", (f) => `/projects/${f.p}/configs`, "config.create", proj, {
    name: "fresh",
    base: { value: 1 },
  }),
  r("PUT", C, "config.edit_value", cfg, async (f: Fixture, su: Api) => {
    const now = (await su.send("GET", C(f))).body;
    return { ...now, base: { ...(now.base as object), value: 2 } };
  }),
  r("PATCH", C, "config.edit_value", cfg, { base: { value: 3 }, description: "edited" }),
  r(
    "POST",
    (f) => `${C(f)}/evaluate`,
    "config.read",
    proj,
    (f: Fixture) => Promise.resolve({ environmentId: f.prod, context: { plan: "pro" } }),
  ),
  r("GET", (f) => `${C(f)}/versions`, "config.read", proj),
  r("GET", (f) => `${C(f)}/versions/1`, "config.read", proj),
  r("GET", (f) => `${C(f)}/versions/1/diff`, "config.read", proj),
  r("POST", (f) => `${C(f)}/versions/1/restore`, "config.edit_value", cfg, {}),
  r("GET", (f) => `${C(f)}/members`, "config.read", proj),
  r("POST", (f) => `${C(f)}/members`, "config.members.write", cfg, {
    email: "added@x.test",
    role: "editor",
  }),
  r("PATCH", (f) => `${C(f)}/members/cm@x.test`, "config.members.write", cfg, {
    role: "maintainer",
  }),
  r("DELETE", (f) => `${C(f)}/members/gone@x.test`, "config.members.write", cfg),
  r("GET", (f) => `/projects/${f.p}/segments`, "config.read", proj),
  r("GET", (f) => `/projects/${f.p}/segments/seg`, "config.read", proj),
  r("GET", (f) => `/projects/${f.p}/segments/seg/versions`, "config.read", proj),
  r("POST", (f) => `/projects/${f.p}/segments`, "targeting.write", proj, {
    name: "seg2",
    conditions: [],
  }),
  r("PUT", (f) => `/projects/${f.p}/segments/seg`, "targeting.write", proj, { conditions: [] }),
  r("GET", (f) => `/projects/${f.p}/exclusion-groups`, "config.read", proj),
  r("GET", (f) => `/projects/${f.p}/exclusion-groups/grp`, "config.read", proj),
  r("GET", (f) => `/projects/${f.p}/exclusion-groups/grp/versions`, "config.read", proj),
  r("POST", (f) => `/projects/${f.p}/exclusion-groups`, "targeting.write", proj, {
    name: "grp2",
    slices: [{ name: "a", weight: 10 }],
  }),
  r("PUT", (f) => `/projects/${f.p}/exclusion-groups/grp`, "targeting.write", proj, {
    slices: [{ name: "a", weight: 20 }],
  }),
  r("DELETE", (f) => `/projects/${f.p}/segments/seg`, "targeting.write", proj),
  r("DELETE", (f) => `/projects/${f.p}/exclusion-groups/grp`, "targeting.write", proj),
  r("GET", (f) => `/projects/${f.p}/environments`, "environment.read", proj),
  r("GET", (f) => `/projects/${f.p}/environments/${f.prod}/connections`, "environment.read", proj),
  r("POST", (f) => `/projects/${f.p}/environments`, "environment.write", proj, { name: "QA" }),
  r("PATCH", (f) => `/projects/${f.p}/environments/${f.temp}`, "environment.write", proj, {
    name: "Temp2",
  }),
  r("PUT", (f) => `/projects/${f.p}/environments/order`, "environment.write", proj, async (
    f: Fixture,
    su: Api,
  ) => {
    const envs = (await su.send("GET", `/projects/${f.p}/environments`)).body
      .environments as { id: string }[];
    return { environmentIds: envs.map((e) => e.id).reverse() };
  }),
  r("DELETE", (f) => `/projects/${f.p}/environments/${f.temp}`, "environment.write", proj),
  r("GET", (f) => `/projects/${f.p}/sdk-keys`, "sdk_key.read", proj),
  r(
    "POST",
    (f) => `/projects/${f.p}/sdk-keys`,
    "sdk_key.write",
    proj,
    (f: Fixture) => Promise.resolve({ name: "k", environmentId: f.dev }),
  ),
  r("DELETE", (f) => `/projects/${f.p}/sdk-keys/${f.sdkKeyId}`, "sdk_key.write", proj),
  r("GET", (f) => `/projects/${f.p}/members`, "project.members.read", proj),
  r("POST", (f) => `/projects/${f.p}/members`, "project.members.write", proj, {
    email: "m1@x.test",
    role: "maintainer",
  }),
  r("PATCH", (f) => `/projects/${f.p}/members/pm1@x.test`, "project.members.write", proj, {
    role: "admin",
  }),
  r("DELETE", (f) => `/projects/${f.p}/members/pm2@x.test`, "project.members.write", proj),
  r("GET", (f) => `/projects/${f.p}/audit-log`, "audit.read", proj),
  r("GET", (f) => `/projects/${f.p}/export`, "config.read", proj),
  r("POST", (f) => `/projects/${f.p}/import`, "config.create", proj, { data: { configs: [] } }),
  r("GET", (f) => `/projects/${f.p}/kill-switches`, "config.read", proj),
  r(
    "POST",
    (f) => `/projects/${f.p}/kill-switches/${f.killSwitchId}/undo`,
    "config.kill_switch",
    cfg,
  ),
  r("POST", (f) => `${C(f)}/kill-switch`, "config.kill_switch", cfg, {
    value: 0,
    reason: "matrix",
  }),
  r("GET", (f) => `/projects/${f.p}/rollback/preview?at=2001-01-01T00:00:00Z`, "config.read", proj),
  r(
    "POST",
    (f) => `/projects/${f.p}/rollback`,
    "project.rollback",
    proj,
    () => Promise.resolve({ at: new Date().toISOString(), reason: "matrix" }),
  ),
  r("POST", (f) => `${C(f)}/schedules`, "config.edit_value", cfg, async (f: Fixture, su: Api) => {
    const now = (await su.send("GET", C(f))).body;
    const at = new Date(Date.now() + 3_600_000).toISOString();
    return { at, config: { ...now, base: { ...(now.base as object), value: 8 } } };
  }),
  r("GET", (f) => `/projects/${f.p}/schedules`, "config.read", proj),
  r("GET", (f) => `/projects/${f.p}/schedules/${f.scheduleId}`, "config.read", proj),
  r("PATCH", (f) => `/projects/${f.p}/schedules/${f.scheduleId}`, "config.edit_value", cfg, {
    comment: "matrix",
  }),
  r("POST", (f) => `/projects/${f.p}/schedules/${f.scheduleId}/cancel`, "config.edit_value", cfg),
  r("GET", (f) => `/projects/${f.p}/change-requests`, "config.read", proj),
  r("GET", (f) => CR(f, "approve"), "config.read", proj),
  r("POST", (f) => `${CR(f, "approve")}/comments`, "config.read", proj, { body: "matrix" }),
  r("POST", (f) => `${CR(f, "approve")}/approve`, "change_request.review", cfg),
  r("POST", (f) => `${CR(f, "changes")}/request-changes`, "change_request.review", cfg),
  r("POST", (f) => `${CR(f, "reject")}/reject`, "change_request.review", cfg),
  r("POST", (f) => `${CR(f, "withdraw")}/withdraw`, "approval.write", proj),
  r("POST", (f) => `${CR(f, "rebase")}/rebase`, "config.edit_value", cfg),
  r(
    "POST",
    (f) => `${C(f)}/change-requests`,
    "config.edit_value",
    cfg,
    async (f: Fixture, su: Api) => {
      const now = (await su.send("GET", C(f))).body;
      return { config: { ...now, base: { ...(now.base as object), value: 9 } } };
    },
  ),
  r("GET", (f) => `/projects/${f.p}/approval-rules`, "environment.read", proj),
  r("PUT", (f) => `/projects/${f.p}/environments/${f.dev}/approval-rule`, "approval.write", proj, {
    requiredApprovals: 2,
  }),
  r(
    "DELETE",
    (f) => `/projects/${f.p}/environments/${f.dev}/approval-rule`,
    "approval.write",
    proj,
  ),
  r("DELETE", C, "config.delete", cfg),
  r("DELETE", (f) => `/projects/${f.p2}`, "project.delete", (f) => ({
    workspaceId: f.w,
    projectId: f.p2,
  })),
  r("DELETE", (f) => `/workspaces/${f.w}`, "workspace.delete", ws),
];
