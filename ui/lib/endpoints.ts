// Every admin API route the dashboard calls, in one place (GET /api/admin/v1/openapi.json
// describes them all).
import { api, enc } from "./api.ts";
import type {
  ApiKey,
  ApprovalRule,
  AuditEntry,
  AuthStatus,
  ChangeRequest,
  ConfigDetail,
  ConfigSummary,
  ConfigWrite,
  Connections,
  Environment,
  Evaluation,
  ExclusionGroup,
  ExportFile,
  ImportResult,
  Json,
  KillSwitch,
  Me,
  Member,
  NewApiKey,
  NewRelayKey,
  NewSdkKey,
  Permissions,
  Project,
  RelayKey,
  RollbackPreview,
  RollbackResult,
  Schedule,
  SdkKey,
  Segment,
  User,
  VersionDetail,
  VersionDiff,
  VersionSummary,
  WithWarnings,
  Workspace,
} from "./types.ts";

const p = (projectId: string) => `/projects/${enc(projectId)}`;
const c = (projectId: string, name: string) => `${p(projectId)}/configs/${enc(name)}`;
const w = (workspaceId: string) => `/workspaces/${enc(workspaceId)}`;
const qs = (query: Record<string, string>) => {
  const s = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== "")).toString();
  return s ? `?${s}` : "";
};
export type AuditPage = { entries: AuditEntry[]; nextCursor: string | null };

export const auth = {
  status: () => api.get<AuthStatus>("/auth/status"),
  me: () => api.get<Me>("/auth/me"),
  signup: (body: { email: string; password: string; name?: string }) =>
    api.post<{ user: User; csrfToken: string }>("/auth/signup", body),
  login: (body: { email: string; password: string }) =>
    api.post<{ user: User; csrfToken: string }>("/auth/login", body),
  logout: () => api.post<void>("/auth/logout"),
  rename: (name: string) => api.patch<{ user: User }>("/auth/me", { name }),
  password: (currentPassword: string, newPassword: string) =>
    api.put<void>("/auth/password", { currentPassword, newPassword }),
};

export const workspaces = {
  list: async () => (await api.get<{ workspaces: Workspace[] }>("/workspaces")).workspaces,
  create: (name: string) => api.post<{ id: string }>("/workspaces", { name }),
  rename: (id: string, name: string) => api.patch<Workspace>(w(id), { name }),
  remove: (id: string) => api.del(w(id)),
  members: async (id: string) => (await api.get<{ members: Member[] }>(`${w(id)}/members`)).members,
  addMember: (id: string, email: string, role: string) =>
    api.post(`${w(id)}/members`, { email, role }),
  setMember: (id: string, email: string, role: string) =>
    api.patch(`${w(id)}/members/${enc(email)}`, { role }),
  removeMember: (id: string, email: string) => api.del(`${w(id)}/members/${enc(email)}`),
  endSessions: (id: string, email: string) =>
    api.del<{ sessionsEnded: number }>(`${w(id)}/members/${enc(email)}/sessions`),
  apiKeys: async (id: string) =>
    (await api.get<{ apiKeys: ApiKey[] }>(`${w(id)}/api-keys`)).apiKeys,
  createApiKey: (id: string, body: {
    name: string;
    description: string;
    scopes: string[];
    projectIds: string[] | null;
    expiresAt: string | null;
  }) => api.post<NewApiKey>(`${w(id)}/api-keys`, body),
  deleteApiKey: (id: string, keyId: string) => api.del(`${w(id)}/api-keys/${enc(keyId)}`),
  relayKeys: async (id: string) =>
    (await api.get<{ relayKeys: RelayKey[] }>(`${w(id)}/relay-keys`)).relayKeys,
  /** Neither list: the whole workspace; projectIds or environmentIds, not both. */
  createRelayKey: (id: string, body: {
    name: string;
    description: string;
    projectIds?: string[];
    environmentIds?: string[];
  }) => api.post<NewRelayKey>(`${w(id)}/relay-keys`, body),
  deleteRelayKey: (id: string, keyId: string) => api.del(`${w(id)}/relay-keys/${enc(keyId)}`),
  audit: (id: string, query: Record<string, string>) =>
    api.get<AuditPage>(`${w(id)}/audit-log${qs(query)}`),
};

export const projects = {
  list: async (workspaceId: string) =>
    (await api.get<{ projects: Project[] }>(`${w(workspaceId)}/projects`)).projects,
  get: (id: string) => api.get<Project>(p(id)),
  create: (workspaceId: string, name: string, description: string) =>
    api.post<{ id: string }>(`${w(workspaceId)}/projects`, { name, description }),
  update: (id: string, body: { name?: string; description?: string }) => api.patch(p(id), body),
  remove: (id: string) => api.del(p(id)),
  permissions: (id: string, config?: string) =>
    api.get<Permissions>(`${p(id)}/permissions${config ? `?config=${enc(config)}` : ""}`),
  members: async (id: string) => (await api.get<{ members: Member[] }>(`${p(id)}/members`)).members,
  addMember: (id: string, email: string, role: string) =>
    api.post(`${p(id)}/members`, { email, role }),
  setMember: (id: string, email: string, role: string) =>
    api.patch(`${p(id)}/members/${enc(email)}`, { role }),
  removeMember: (id: string, email: string) => api.del(`${p(id)}/members/${enc(email)}`),
  audit: (id: string, query: Record<string, string>) =>
    api.get<AuditPage>(`${p(id)}/audit-log${qs(query)}`),
  export: (id: string) => api.get<ExportFile>(`${p(id)}/export`),
  import: (id: string, body: {
    data: ExportFile;
    environmentMap: Record<string, string | null>;
    onConflict: "skip" | "replace";
  }) => api.post<WithWarnings<ImportResult>>(`${p(id)}/import`, body),
};

export const environments = {
  list: async (projectId: string) =>
    (await api.get<{ environments: Environment[] }>(`${p(projectId)}/environments`)).environments
      .slice().sort((a, b) => a.order - b.order),
  create: (projectId: string, name: string, copyFrom: string | null) =>
    api.post<Environment>(`${p(projectId)}/environments`, {
      name,
      ...(copyFrom ? { copyFrom } : {}),
    }),
  rename: (projectId: string, id: string, name: string) =>
    api.patch<Environment>(`${p(projectId)}/environments/${enc(id)}`, { name }),
  reorder: (projectId: string, environmentIds: string[]) =>
    api.put(`${p(projectId)}/environments/order`, { environmentIds }),
  remove: (projectId: string, id: string) => api.del(`${p(projectId)}/environments/${enc(id)}`),
  connections: (projectId: string, id: string) =>
    api.get<Connections>(`${p(projectId)}/environments/${enc(id)}/connections`),
};

export const configs = {
  list: async (projectId: string) =>
    (await api.get<{ configs: ConfigSummary[] }>(`${p(projectId)}/configs`)).configs,
  get: (projectId: string, name: string, signal?: AbortSignal) =>
    api.get<ConfigDetail>(c(projectId, name), signal),
  create: (projectId: string, body: ConfigWrite & { name: string }) =>
    api.post<WithWarnings<{ id: string }>>(`${p(projectId)}/configs`, body),
  /** Our PATCH: a stale baseVersion is a 409 (code stale_version); the answer is the saved
   * config. The comment (why) is kept on the version it makes. */
  update: (projectId: string, name: string, body: ConfigWrite & { comment?: string }) =>
    api.patch<WithWarnings<ConfigDetail>>(c(projectId, name), body),
  remove: (projectId: string, name: string) => api.del(c(projectId, name)),
  /** Tags are metadata: a PATCH of them alone makes no version. */
  setTags: (projectId: string, name: string, tags: string[]) =>
    api.patch<ConfigDetail>(c(projectId, name), { tags }),
  versions: async (projectId: string, name: string) =>
    (await api.get<{ versions: VersionSummary[] }>(`${c(projectId, name)}/versions`)).versions,
  version: (projectId: string, name: string, version: number) =>
    api.get<VersionDetail>(`${c(projectId, name)}/versions/${version}`),
  diff: (projectId: string, name: string, version: number, against: number) =>
    api.get<VersionDiff>(`${c(projectId, name)}/versions/${version}/diff?against=${against}`),
  restore: (
    projectId: string,
    name: string,
    version: number,
    baseVersion: number,
    comment?: string,
  ) =>
    api.post<WithWarnings<{ id: string; version: number }>>(
      `${c(projectId, name)}/versions/${version}/restore`,
      comment ? { baseVersion, comment } : { baseVersion },
    ),
  evaluate: (projectId: string, name: string, environmentId: string, context: Json) =>
    api.post<Evaluation>(`${c(projectId, name)}/evaluate`, { environmentId, context }),
};

const seg = (projectId: string, name = "") =>
  `${p(projectId)}/segments${name ? `/${enc(name)}` : ""}`;
const grp = (projectId: string, name = "") =>
  `${p(projectId)}/exclusion-groups${name ? `/${enc(name)}` : ""}`;
type SegmentWrite = { description: string; conditions: Segment["conditions"] };
type GroupWrite = {
  description: string;
  property: string;
  slices: { name: string; weight: number }[];
};

export const segments = {
  list: async (projectId: string) =>
    (await api.get<{ segments: Segment[] }>(seg(projectId))).segments,
  get: (projectId: string, name: string) => api.get<Segment>(seg(projectId, name)),
  create: (projectId: string, body: SegmentWrite & { name: string }) =>
    api.post<Segment>(seg(projectId), body),
  update: (projectId: string, name: string, body: SegmentWrite & { baseVersion: number }) =>
    api.put<Segment>(seg(projectId, name), body),
  remove: (projectId: string, name: string) => api.del(seg(projectId, name)),
};

export const exclusionGroups = {
  list: async (projectId: string) =>
    (await api.get<{ exclusionGroups: ExclusionGroup[] }>(grp(projectId))).exclusionGroups,
  get: (projectId: string, name: string) => api.get<ExclusionGroup>(grp(projectId, name)),
  create: (projectId: string, body: GroupWrite & { name: string }) =>
    api.post<ExclusionGroup>(grp(projectId), body),
  update: (projectId: string, name: string, body: GroupWrite & { baseVersion: number }) =>
    api.put<ExclusionGroup>(grp(projectId, name), body),
  remove: (projectId: string, name: string) => api.del(grp(projectId, name)),
};

export const sdkKeys = {
  list: async (projectId: string) =>
    (await api.get<{ sdkKeys: SdkKey[] }>(`${p(projectId)}/sdk-keys`)).sdkKeys,
  create: (
    projectId: string,
    body: { name: string; description: string; environmentId: string; readSensitive: boolean },
  ) => api.post<NewSdkKey>(`${p(projectId)}/sdk-keys`, body),
  remove: (projectId: string, id: string) => api.del(`${p(projectId)}/sdk-keys/${enc(id)}`),
};

type Killed = { killSwitch: KillSwitch; config: { id: string; version: number } };
export const killSwitches = {
  list: async (projectId: string, active = true) =>
    (await api.get<{ killSwitches: KillSwitch[] }>(
      `${p(projectId)}/kill-switches${active ? "" : "?active=false"}`,
    )).killSwitches,
  kill: (projectId: string, name: string, body: {
    value: Json;
    environmentId: string | null;
    reason: string;
  }) => api.post<Killed>(`${c(projectId, name)}/kill-switch`, body),
  undo: (projectId: string, id: string) =>
    api.post<Killed>(`${p(projectId)}/kill-switches/${enc(id)}/undo`),
};

export type ScheduleWrite = {
  at: string;
  config: ConfigWrite;
  onConflict: "apply" | "fail";
  comment: string;
  revertAt?: string;
};
export const schedules = {
  list: async (projectId: string, status = "") =>
    (await api.get<{ schedules: Schedule[] }>(`${p(projectId)}/schedules${qs({ status })}`))
      .schedules,
  create: async (projectId: string, name: string, body: ScheduleWrite) =>
    (await api.post<{ schedules: Schedule[] }>(`${c(projectId, name)}/schedules`, body)).schedules,
  edit: (projectId: string, id: string, body: Partial<ScheduleWrite>) =>
    api.patch<Schedule>(`${p(projectId)}/schedules/${enc(id)}`, body),
  cancel: (projectId: string, id: string) =>
    api.post<Schedule>(`${p(projectId)}/schedules/${enc(id)}/cancel`),
};

export const rollback = {
  preview: (projectId: string, at: string, environmentId: string) =>
    api.get<RollbackPreview>(`${p(projectId)}/rollback/preview${qs({ at, environmentId })}`),
  run: (projectId: string, body: { at: string; environmentId: string | null; reason: string }) =>
    api.post<RollbackResult>(`${p(projectId)}/rollback`, body),
};

export type RuleWrite = Pick<ApprovalRule, "requiredApprovals" | "minRole" | "configMembersOnly">;
export const approvalRules = {
  list: async (projectId: string) =>
    (await api.get<{ rules: ApprovalRule[] }>(`${p(projectId)}/approval-rules`)).rules,
  set: (projectId: string, environmentId: string, body: RuleWrite) =>
    api.put<ApprovalRule>(`${p(projectId)}/environments/${enc(environmentId)}/approval-rule`, body),
  remove: (projectId: string, environmentId: string) =>
    api.del(`${p(projectId)}/environments/${enc(environmentId)}/approval-rule`),
};

const cr = (projectId: string, id = "") =>
  `${p(projectId)}/change-requests${id ? `/${enc(id)}` : ""}`;
export type Review = "approve" | "request-changes" | "reject" | "withdraw";
export const changeRequests = {
  list: async (
    projectId: string,
    query: { status?: string; config?: string; waitingForMe?: boolean },
  ) =>
    (await api.get<{ changeRequests: ChangeRequest[] }>(
      `${cr(projectId)}${
        qs({
          status: query.status ?? "",
          config: query.config ?? "",
          waitingForMe: query.waitingForMe ? "true" : "",
        })
      }`,
    )).changeRequests,
  get: (projectId: string, id: string) => api.get<ChangeRequest>(cr(projectId, id)),
  comment: (projectId: string, id: string, body: string) =>
    api.post<ChangeRequest>(`${cr(projectId, id)}/comments`, { body }),
  /** Approve, request changes, reject or withdraw, with an optional comment. */
  act: (projectId: string, id: string, verb: Review, comment: string) =>
    api.post<ChangeRequest>(`${cr(projectId, id)}/${verb}`, comment ? { comment } : {}),
  rebase: (projectId: string, id: string) =>
    api.post<{ changeRequest: ChangeRequest; conflicts: string[] }>(`${cr(projectId, id)}/rebase`),
};
