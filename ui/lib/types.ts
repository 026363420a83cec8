// The admin API's shapes as the dashboard uses them (REPLANE_COMPAT.md §3 and issue 3). The
// override model comes from the server's own domain types (type-only: nothing is bundled).
import type {
  Condition,
  ConditionValue,
  Json,
  Override,
  PropertyOperator,
  SegmentationCondition,
} from "../../src/domain/overrides.ts";
import type { ConditionTrace, OverrideTrace } from "../../src/domain/evaluate.ts";

export type {
  Condition,
  ConditionTrace,
  ConditionValue,
  Json,
  Override,
  OverrideTrace,
  PropertyOperator,
  SegmentationCondition,
};

export type User = { id: string; email: string; name: string; createdAt?: string };
export type WorkspaceRole = "admin" | "member";
export type AuthStatus = {
  needsSetup: boolean;
  passwordAuthEnabled: boolean;
  registrationOpen: boolean;
  /** Sign-up is closed to strangers but open to emails an admin has added. */
  inviteOnly?: boolean;
  allowedEmailDomains: string[];
};
export type Me = {
  user: User;
  csrfToken: string;
  workspaces: { id: string; name: string; role: WorkspaceRole }[];
};

export type Workspace = { id: string; name: string; createdAt: string; updatedAt: string };
export type Project = {
  id: string;
  name: string;
  description: string;
  workspaceId: string;
  createdAt: string;
  updatedAt: string;
};
export type Environment = { id: string; name: string; order: number };

export type ConfigSummary = {
  id: string;
  name: string;
  description: string;
  version: number;
  createdAt: string;
  updatedAt: string;
};
export type ConfigBody = { value: Json; schema: Json | null; overrides: Override[] };
export type Variant = ConfigBody & { environmentId: string; useBaseSchema: boolean };
export type ConfigDetail = ConfigSummary & {
  editors: string[];
  maintainers: string[];
  base: ConfigBody;
  variants: Variant[];
};
/** What a save sends: the full state, plus the version it was based on. */
export type ConfigWrite = {
  description: string;
  editors: string[];
  maintainers: string[];
  base: ConfigBody;
  variants: Variant[];
  baseVersion?: number;
};

export type Actor = { type: string; id: string | null; label?: string };
export type VersionSummary = { version: number; createdAt: string; actor?: Actor };
export type VersionDetail = VersionSummary & {
  state: {
    description: string;
    base: ConfigBody;
    variants: Variant[];
    members: { email: string; role: string }[];
  };
};
export type VersionDiff = {
  from: number;
  to: number;
  changes: { path: string; kind: "added" | "removed" | "changed"; before?: Json; after?: Json }[];
};
export type Permissions = { rank: string | null; actions: Record<string, boolean> };
export type ImportResult = { created: string[]; replaced: string[]; skipped: string[] };

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

export type SdkKey = {
  id: string;
  name: string;
  description: string;
  environmentId: string;
  createdAt: string;
  prefix: string;
  suffix: string;
};
export type NewSdkKey = SdkKey & { key: string };

export type ApiKey = {
  id: string;
  name: string;
  description: string;
  scopes: string[];
  projectIds: string[] | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  createdBy: string | null;
  prefix: string;
  suffix: string;
};
export type NewApiKey = ApiKey & { key: string };

export type Member = { email: string; role: string; createdAt?: string };

export type Evaluation = {
  value: Json;
  matchedOverride: number | null;
  trace: OverrideTrace[];
  error?: string;
};

export type ExportFile = {
  projectName: string;
  exportedAt: string;
  configs: {
    name: string;
    description: string;
    value: Json;
    schema: Json | null;
    overrides: Override[];
    variants: {
      environmentName: string;
      value: Json;
      schema: Json | null;
      useBaseSchema: boolean;
      overrides: Override[];
    }[];
  }[];
};
