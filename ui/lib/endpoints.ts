// Every admin API route the dashboard calls, in one place.
import { api, enc } from "./api.ts";
import type {
  ApiKey,
  AuditEntry,
  AuthStatus,
  ConfigDetail,
  ConfigSummary,
  ConfigWrite,
  Environment,
  Evaluation,
  ExportFile,
  Json,
  Me,
  Member,
  NewApiKey,
  NewSdkKey,
  Project,
  SdkKey,
  User,
  VersionDetail,
  VersionSummary,
  Workspace,
} from "./types.ts";

const p = (projectId: string) => `/projects/${enc(projectId)}`;
const c = (projectId: string, name: string) => `${p(projectId)}/configs/${enc(name)}`;
const w = (workspaceId: string) => `/workspaces/${enc(workspaceId)}`;

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
  remove: (id: string) => api.del(w(id)),
  members: async (id: string) => (await api.get<{ members: Member[] }>(`${w(id)}/members`)).members,
  addMember: (id: string, email: string, role: string) =>
    api.post(`${w(id)}/members`, { email, role }),
  setMember: (id: string, email: string, role: string) =>
    api.patch(`${w(id)}/members/${enc(email)}`, { role }),
  removeMember: (id: string, email: string) => api.del(`${w(id)}/members/${enc(email)}`),
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
  audit: (id: string, query: Record<string, string>) => {
    const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== "")).toString();
    return api.get<{ entries: AuditEntry[]; nextBefore?: number | null }>(
      `${w(id)}/audit${qs ? `?${qs}` : ""}`,
    );
  },
};

export const projects = {
  /** Every project the caller can see; filtered by workspace when the API says which. */
  list: async (workspaceId?: string) => {
    const all = (await api.get<{ projects: Project[] }>("/projects")).projects;
    return workspaceId ? all.filter((x) => !x.workspaceId || x.workspaceId === workspaceId) : all;
  },
  get: (id: string) => api.get<Project>(p(id)),
  create: (workspaceId: string, name: string, description: string) =>
    api.post<{ id: string }>(`${w(workspaceId)}/projects`, { name, description }),
  update: (id: string, body: { name?: string; description?: string }) => api.patch(p(id), body),
  remove: (id: string) => api.del(p(id)),
  members: async (id: string) => (await api.get<{ members: Member[] }>(`${p(id)}/members`)).members,
  addMember: (id: string, email: string, role: string) =>
    api.post(`${p(id)}/members`, { email, role }),
  setMember: (id: string, email: string, role: string) =>
    api.patch(`${p(id)}/members/${enc(email)}`, { role }),
  removeMember: (id: string, email: string) => api.del(`${p(id)}/members/${enc(email)}`),
  export: (id: string) => api.get<ExportFile>(`${p(id)}/export`),
  import: (id: string, body: {
    data: ExportFile;
    environmentMapping: Record<string, string>;
    onConflict: "skip" | "replace";
  }) => api.post<Record<string, Json>>(`${p(id)}/import`, body),
};

export const environments = {
  list: async (projectId: string) =>
    (await api.get<{ environments: Environment[] }>(`${p(projectId)}/environments`)).environments
      .slice().sort((a, b) => a.order - b.order),
  create: (projectId: string, name: string, copyFromEnvironmentId: string | null) =>
    api.post<{ id: string }>(`${p(projectId)}/environments`, {
      name,
      ...(copyFromEnvironmentId ? { copyFromEnvironmentId } : {}),
    }),
  update: (projectId: string, id: string, body: { name?: string; order?: number }) =>
    api.patch(`${p(projectId)}/environments/${enc(id)}`, body),
  remove: (projectId: string, id: string) => api.del(`${p(projectId)}/environments/${enc(id)}`),
};

export const configs = {
  list: async (projectId: string) =>
    (await api.get<{ configs: ConfigSummary[] }>(`${p(projectId)}/configs`)).configs,
  get: (projectId: string, name: string, signal?: AbortSignal) =>
    api.get<ConfigDetail>(c(projectId, name), signal),
  create: (projectId: string, body: ConfigWrite & { name: string }) =>
    api.post<{ id: string }>(`${p(projectId)}/configs`, body),
  update: (projectId: string, name: string, body: ConfigWrite) =>
    api.put<{ id: string; version: number }>(c(projectId, name), body),
  remove: (projectId: string, name: string) => api.del(c(projectId, name)),
  versions: async (projectId: string, name: string) =>
    (await api.get<{ versions: VersionSummary[] }>(`${c(projectId, name)}/versions`)).versions,
  version: (projectId: string, name: string, version: number) =>
    api.get<VersionDetail>(`${c(projectId, name)}/versions/${version}`),
  restore: (projectId: string, name: string, version: number) =>
    api.post<{ id: string; version: number }>(`${c(projectId, name)}/versions/${version}/restore`),
  evaluate: (projectId: string, name: string, environmentId: string, context: Json) =>
    api.post<Evaluation>(`${c(projectId, name)}/evaluate`, { environmentId, context }),
};

export const sdkKeys = {
  list: async (projectId: string) =>
    (await api.get<{ sdkKeys: SdkKey[] }>(`${p(projectId)}/sdk-keys`)).sdkKeys,
  create: (projectId: string, body: { name: string; description: string; environmentId: string }) =>
    api.post<NewSdkKey>(`${p(projectId)}/sdk-keys`, body),
  remove: (projectId: string, id: string) => api.del(`${p(projectId)}/sdk-keys/${enc(id)}`),
};
