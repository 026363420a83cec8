// The admin API's shapes as the dashboard uses them (REPLANE_COMPAT.md §3). Wire shapes come
// from the server's own zod DTOs and domain types by type-only imports, so the bundle holds
// neither zod nor server code; `unknown` JSON fields of a DTO are narrowed to Json here.
import type { z } from "zod";
import type * as dto from "../../src/http/admin/dto.ts";
import type * as segmentDto from "../../src/http/admin/segments.ts";
import type * as groupDto from "../../src/http/admin/exclusion_groups.ts";
import type { ConnectionsDto } from "../../src/http/admin/connections.ts";
import type { PropagationDto } from "../../src/http/admin/propagation_dto.ts";
import type * as killDto from "../../src/http/admin/kill_switches.ts";
import type * as rollbackDto from "../../src/http/admin/rollback.ts";
import type * as scheduleDto from "../../src/http/admin/schedules.ts";
import type * as relayKeyDto from "../../src/http/admin/relay_keys.ts";
import type * as crDto from "../../src/http/admin/change_requests.ts";
import type {
  Condition,
  ConditionValue,
  Json,
  Override,
  PropertyOperator,
  SegmentationCondition,
} from "../../src/domain/overrides.ts";
import type { ConditionTrace, OverrideTrace } from "../../src/domain/evaluate.ts";
import type { Issue } from "../../src/domain/issues.ts";

export type {
  Condition,
  ConditionTrace,
  ConditionValue,
  Issue,
  Json,
  Override,
  OverrideTrace,
  PropertyOperator,
  SegmentationCondition,
};

/** Write answers (create, update, import, restore) may carry non-blocking warnings. */
export type WithWarnings<T> = T & { warnings?: Issue[] };

export type User = { id: string; email: string; name: string; createdAt?: string };
export type WorkspaceRole = "admin" | "member";
export type AuthStatus = {
  needsSetup: boolean;
  passwordAuthEnabled: boolean;
  registrationOpen: boolean;
  /** Sign-up is closed to strangers but open to emails an admin has added. */
  inviteOnly?: boolean;
  allowedEmailDomains: string[];
  /** Single sign-on (docs/sso.md); null without OIDC_ISSUER. */
  sso?: { displayName: string; loginUrl: string } | null;
};
export type Me = {
  user: User;
  csrfToken: string;
  workspaces: { id: string; name: string; role: WorkspaceRole }[];
  /** False for an account made by single sign-on that never set a password. */
  hasPassword: boolean;
};

export type Workspace = z.infer<typeof dto.WorkspaceDto>;
export type Project = z.infer<typeof dto.ProjectDto>;
export type Environment = z.infer<typeof dto.EnvironmentDto>;

export type ConfigSummary = z.infer<typeof dto.ConfigListItemDto>;
export type ConfigBody = { value: Json; schema: Json | null; overrides: Override[] };
type WireConfig = z.infer<typeof dto.ConfigDto>;
export type Variant = ConfigBody & Omit<WireConfig["variants"][number], keyof ConfigBody>;
export type ConfigDetail = Omit<WireConfig, "base" | "variants"> & {
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
  /** Encrypted at rest, sent only to SDK keys that may read sensitive configs. */
  sensitive?: boolean;
};

export type Actor = { type: string; id: string | null; label?: string };
export type Propagation = z.infer<typeof PropagationDto>;
export type VersionSummary = {
  version: number;
  createdAt: string;
  actor?: Actor;
  /** Why, as sent with the save or restore (null without one). */
  comment?: string | null;
  /** Per environment: how fast the SDKs had it (list only). */
  propagation?: Propagation[];
};
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

export type AuditEntry = Omit<z.infer<typeof dto.AuditEntryDto>, "before" | "after"> & {
  before: Json | null;
  after: Json | null;
};

export type SdkKey = z.infer<typeof dto.SdkKeyDto>;
export type NewSdkKey = SdkKey & { key: string };

export type ApiKey = z.infer<typeof dto.ApiKeyDto>;
export type NewApiKey = ApiKey & { key: string };

export type RelayKey = z.infer<typeof relayKeyDto.RelayKeyDto>;
export type NewRelayKey = RelayKey & { key: string };

export type Member = z.infer<typeof dto.MemberDto>;

export type Evaluation = {
  value: Json;
  matchedOverride: number | null;
  trace: (OverrideTrace & { rule?: string; variant?: string })[];
  /** The stored override or weighted rule (and variant) that decided; null for the base. */
  decidedBy?: { rule: string; ruleIndex: number; variant?: string } | null;
  /** The decision in words (docs/targeting.md). */
  explanation?: string[];
  error?: string;
};

export type Segment = Omit<z.infer<typeof segmentDto.SegmentDto>, "conditions"> & {
  conditions: Condition[];
  usedBy?: string[];
};
export type ExclusionGroup = z.infer<typeof groupDto.GroupDto> & { usedBy?: string[] };

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

export type Connections = z.infer<typeof ConnectionsDto>;
export type ConnectionClient = Connections["clients"][number];
export type ConnectionConfig = Connections["configs"][number];

export type KillSwitch = Omit<z.infer<typeof killDto.KillSwitchDto>, "value"> & { value: Json };
type Preview = z.infer<typeof rollbackDto.PreviewDto>;
export type RollbackPreview = Omit<Preview, "steps"> & {
  steps: (Omit<Preview["steps"][number], "changes"> & { changes: VersionDiff["changes"] })[];
};
export type RollbackResult = RollbackPreview & {
  revision: number | null;
  configs: z.infer<typeof rollbackDto.ResultDto>["configs"];
};
export type Schedule = Omit<z.infer<typeof scheduleDto.ScheduleDto>, "state"> & {
  /** The whole state it applies, members as a version carries them (not as PUT takes them). */
  state: VersionDetail["state"];
};

export type ApprovalRule = z.infer<typeof crDto.ApprovalRuleDto>;
type WireChangeRequest = z.infer<typeof crDto.ChangeRequestDto>;
export type ChangeRequestState = VersionDetail["state"];
export type ChangeRequest = Omit<WireChangeRequest, "state" | "baseState"> & {
  state: ChangeRequestState;
  baseState: ChangeRequestState;
};
