// The entities the primary store keeps. Times are ISO-8601 strings.
import type { ConfigState } from "../domain/config_state.ts";
import type { Json } from "../domain/overrides.ts";
import type { ApiKeyScope, ConfigRole, ProjectRole, WorkspaceRole } from "../domain/permissions.ts";

export type { ApiKeyScope, ConfigRole, ProjectRole, WorkspaceRole };
export type { ConfigBody, ConfigMember, ConfigState, Variant } from "../domain/config_state.ts";

export type Workspace = { id: string; name: string; createdAt: string; updatedAt: string };

export type User = {
  id: string;
  email: string;
  name: string;
  createdAt: string;
  updatedAt: string;
};

export type Session = {
  tokenHash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  ip: string;
  userAgent: string;
  /** "oidc": opened by single sign-on, with a fixed expiry (docs/sso.md). */
  authMethod: "password" | "oidc";
};

export type Member<R extends string> = { email: string; role: R; createdAt: string };

export type Project = {
  id: string;
  workspaceId: string;
  name: string;
  description: string;
  createdAt: string;
  updatedAt: string;
};

export type Environment = {
  id: string;
  projectId: string;
  name: string;
  position: number;
  createdAt: string;
  updatedAt: string;
};

export type Config = ConfigState & {
  id: string;
  projectId: string;
  name: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Values encrypted at rest, hidden from history and from SDK keys without readSensitive. */
  sensitive?: boolean;
};

export type ConfigSummary = {
  id: string;
  projectId: string;
  name: string;
  description: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** In lists: whether the config is sensitive (its values are not read for a list). */
  sensitive?: boolean;
};

export type Actor = { type: "user" | "api_key" | "superuser" | "system"; id: string | null };

/** A segment or an exclusion group (docs/targeting.md); `data` is the kind's own JSON. */
export type TargetKind = "segment" | "exclusion_group";

export type Target = {
  id: string;
  projectId: string;
  kind: TargetKind;
  name: string;
  description: string;
  data: Json;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type TargetVersion = {
  targetId: string;
  kind: TargetKind;
  name: string;
  version: number;
  description: string;
  data: Json;
  actor: Actor;
  createdAt: string;
};

export type ConfigVersion = {
  id: string;
  configId: string;
  projectId: string;
  configName: string;
  version: number;
  state: ConfigState;
  actor: Actor;
  createdAt: string;
  /** Link in the config's version chain (null: from before migration 0014, not sealed yet). */
  hash: string | null;
  prevHash: string | null;
  /** Why the change was made, as the saver wrote it (migration 0015); null when none. */
  comment: string | null;
  /** Its values were stored encrypted (the config was sensitive then). */
  sealed?: boolean;
};

export type SdkKey = {
  id: string;
  projectId: string;
  environmentId: string;
  name: string;
  description: string;
  keyHash: string;
  keyPrefix: string;
  keySuffix: string;
  createdAt: string;
  /** May receive sensitive configs (false unless set when the key was made). */
  readSensitive?: boolean;
};

export type AdminApiKey = {
  id: string;
  workspaceId: string;
  name: string;
  description: string;
  keyHash: string;
  keyPrefix: string;
  keySuffix: string;
  scopes: ApiKeyScope[];
  /** null: every project of the workspace. */
  projectIds: string[] | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdBy: string | null;
  createdAt: string;
};

export type AuditEntry = {
  id: number;
  workspaceId: string | null;
  projectId: string | null;
  configName: string | null;
  actor: Actor & { label: string };
  action: string;
  targetType: string;
  targetId: string | null;
  before: Json | null;
  after: Json | null;
  requestId: string | null;
  createdAt: string;
};

export type NewAuditEntry = Omit<AuditEntry, "id" | "createdAt">;

export type AuditQuery = {
  workspaceId?: string;
  projectId?: string;
  configName?: string;
  actorId?: string;
  from?: string;
  to?: string;
  /** Keyset pagination: entries with id below this one, newest first. */
  before?: number;
  limit: number;
};
