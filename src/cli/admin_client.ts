// The admin API over HTTP with an API key (docs/api.md): every route the CLI uses, typed
// by what the server answers. A refusal becomes an ApiError with the server's message.
import type { Issue } from "../domain/issues.ts";
import { ApiError, CliFailure } from "./errors.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A value override, or a weighted split (`split`) that serves several values. */
export type Override = { name: string; conditions: unknown[]; value?: Json; split?: Json };
export type Base = { value: Json; schema: Json; overrides: Override[] };
export type Variant = Base & { environmentId: string; useBaseSchema: boolean };

export type Project = { id: string; name: string; description: string; workspaceId: string };
export type Workspace = { id: string; name: string };
export type Environment = { id: string; name: string; order: number };
export type ConfigSummary = {
  id: string;
  name: string;
  description: string;
  version: number;
  updatedAt: string;
  sensitive?: boolean;
};
export type Config = ConfigSummary & {
  editors: string[];
  maintainers: string[];
  base: Base;
  variants: Variant[];
};
export type ConfigWrite = {
  description?: string;
  editors?: string[];
  maintainers?: string[];
  base?: Partial<Base>;
  variants?: Variant[];
  baseVersion?: number;
};
export type Saved = { id: string; version: number; warnings?: Issue[] };
export type VersionSummary = {
  version: number;
  createdAt: string;
  actor: { type: string; id: string | null };
};
export type Change = {
  path: string;
  kind: "added" | "removed" | "changed";
  before?: Json;
  after?: Json;
};
export type SdkKey = {
  id: string;
  name: string;
  description: string;
  environmentId: string;
  createdAt: string;
  prefix: string;
  suffix: string;
};
export type ApiKey = {
  id: string;
  name: string;
  prefix: string;
  suffix: string;
  scopes: string[];
  projectIds: string[] | null;
  expiresAt: string | null;
  createdAt: string;
  lastUsedAt?: string | null;
};
export type ExportedVariant = {
  environmentName: string;
  value: Json;
  schema: Json;
  useBaseSchema: boolean;
  overrides: Override[];
};
export type ExportedConfig = {
  name: string;
  description: string;
  value: Json;
  schema: Json;
  overrides: Override[];
  variants: ExportedVariant[];
};
/** A sensitive config of an encrypted export: names in the clear, values sealed. */
export type SealedEntry = {
  name: string;
  description?: string;
  environmentNames?: string[];
  sealed: string;
};
export type ExportDoc = {
  projectName?: string;
  exportedAt?: string;
  configs: ExportedConfig[];
  sensitiveConfigs?: SealedEntry[];
  encryption?: Json;
};
export type SensitiveExport = "omit" | "encrypted";
export type ImportResult = {
  created: string[];
  replaced: string[];
  skipped: string[];
  warnings?: Issue[];
};
export type Evaluation = {
  value: Json;
  matchedOverride: number | null;
  trace: unknown[];
  error?: string;
};

const enc = encodeURIComponent;

export class AdminClient {
  constructor(
    readonly url: string,
    private readonly apiKey: string,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  /** One request; a 2xx answers its JSON body (null for 204), anything else throws. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const target = `${this.url.replace(/\/+$/, "")}/api/admin/v1${path}`;
    let res: Response;
    try {
      res = await this.fetchFn(target, {
        method,
        headers: {
          authorization: `Bearer ${this.apiKey}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new CliFailure(
        `Cannot reach Dialtone at ${this.url}: ${error instanceof Error ? error.message : error}`,
      );
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text === "" ? null : JSON.parse(text);
    } catch {
      if (res.ok) {
        throw new CliFailure(`${method} ${path} answered non-JSON: ${text.slice(0, 200)}`);
      }
    }
    if (res.ok) return parsed as T;
    const answer = (parsed ?? {}) as { error?: unknown; issues?: Issue[]; code?: string };
    const message = typeof answer.error === "string"
      ? answer.error
      : `${method} ${path} answered ${res.status} ${res.statusText}`.trim();
    throw new ApiError(res.status, message, answer.issues ?? [], answer.code);
  }

  listWorkspaces = () => this.request<{ workspaces: Workspace[] }>("GET", "/workspaces");
  listProjects = () => this.request<{ projects: Project[] }>("GET", "/projects");

  listConfigs = (p: string) =>
    this.request<{ configs: ConfigSummary[] }>("GET", `/projects/${enc(p)}/configs`);
  getConfig = (p: string, name: string) =>
    this.request<Config>("GET", `/projects/${enc(p)}/configs/${enc(name)}`);
  createConfig = (p: string, body: ConfigWrite & { name: string }) =>
    this.request<{ id: string; warnings?: Issue[] }>("POST", `/projects/${enc(p)}/configs`, body);
  replaceConfig = (p: string, name: string, body: ConfigWrite) =>
    this.request<Saved>("PUT", `/projects/${enc(p)}/configs/${enc(name)}`, body);
  patchConfig = (p: string, name: string, body: ConfigWrite) =>
    this.request<Config & { warnings?: Issue[] }>(
      "PATCH",
      `/projects/${enc(p)}/configs/${enc(name)}`,
      body,
    );
  deleteConfig = (p: string, name: string) =>
    this.request<{ warnings: Issue[] } | null>(
      "DELETE",
      `/projects/${enc(p)}/configs/${enc(name)}`,
    );
  listVersions = (p: string, name: string) =>
    this.request<{ versions: VersionSummary[] }>(
      "GET",
      `/projects/${enc(p)}/configs/${enc(name)}/versions`,
    );
  diffVersions = (p: string, name: string, version: number, against?: number) =>
    this.request<{ from: number; to: number; changes: Change[] }>(
      "GET",
      `/projects/${enc(p)}/configs/${enc(name)}/versions/${version}/diff${
        against === undefined ? "" : `?against=${against}`
      }`,
    );
  restoreVersion = (p: string, name: string, version: number) =>
    this.request<Saved>(
      "POST",
      `/projects/${enc(p)}/configs/${enc(name)}/versions/${version}/restore`,
      {},
    );
  evaluate = (p: string, name: string, environmentId: string, context: Record<string, Json>) =>
    this.request<Evaluation>("POST", `/projects/${enc(p)}/configs/${enc(name)}/evaluate`, {
      environmentId,
      context,
    });

  exportProject = (p: string, sensitive: SensitiveExport = "omit") =>
    this.request<ExportDoc>("GET", `/projects/${enc(p)}/export?sensitive=${sensitive}`);
  importProject = (p: string, body: {
    data: ExportDoc;
    onConflict: "skip" | "replace";
    environmentMap?: Record<string, string | null>;
  }) => this.request<ImportResult>("POST", `/projects/${enc(p)}/import`, body);

  listEnvironments = (p: string) =>
    this.request<{ environments: Environment[] }>("GET", `/projects/${enc(p)}/environments`);
  createEnvironment = (p: string, body: { name: string; copyFrom?: string }) =>
    this.request<Environment>("POST", `/projects/${enc(p)}/environments`, body);

  listSdkKeys = (p: string) =>
    this.request<{ sdkKeys: SdkKey[] }>("GET", `/projects/${enc(p)}/sdk-keys`);
  createSdkKey = (p: string, body: { name: string; description?: string; environmentId: string }) =>
    this.request<SdkKey & { key: string }>("POST", `/projects/${enc(p)}/sdk-keys`, body);
  deleteSdkKey = (p: string, id: string) =>
    this.request<null>("DELETE", `/projects/${enc(p)}/sdk-keys/${enc(id)}`);

  listApiKeys = (w: string) =>
    this.request<{ apiKeys: ApiKey[] }>("GET", `/workspaces/${enc(w)}/api-keys`);
  createApiKey = (w: string, body: {
    name: string;
    description?: string;
    scopes: string[];
    projectIds?: string[] | null;
    expiresAt?: string | null;
  }) => this.request<ApiKey & { key: string }>("POST", `/workspaces/${enc(w)}/api-keys`, body);
  deleteApiKey = (w: string, id: string) =>
    this.request<null>("DELETE", `/workspaces/${enc(w)}/api-keys/${enc(id)}`);
}
