// What the admin API answers: a zod schema per shape (for the OpenAPI document) and the
// mapper from the stored entity. Replane's shapes (REPLANE_COMPAT.md §3) come first; fields
// Replane lacks are additions its clients ignore.
import { z } from "zod";
import type { Issue } from "../../domain/issues.ts";
import { overridesSchema } from "../../domain/override_schema.ts";
import type {
  AdminApiKey,
  AuditEntry,
  Config,
  Environment,
  Member,
  Project,
  SdkKey,
  Workspace,
} from "../../store/types.ts";

const time = z.string().describe("ISO-8601 time");
const json = z.unknown().describe("any JSON value");

export const WorkspaceDto = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: time,
  updatedAt: time,
});
export const toWorkspace = (w: Workspace) => ({
  id: w.id,
  name: w.name,
  createdAt: w.createdAt,
  updatedAt: w.updatedAt,
});

export const ProjectDto = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  workspaceId: z.string(),
  createdAt: time,
  updatedAt: time,
});
export const toProject = (p: Project) => ({
  id: p.id,
  name: p.name,
  description: p.description,
  workspaceId: p.workspaceId,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

export const ConfigListItemDto = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  version: z.number().int(),
  createdAt: time,
  updatedAt: time,
  /** Metadata (not versioned): labels to find configs by. */
  tags: z.array(z.string()),
  /** Values encrypted at rest and kept from SDK keys without readSensitive. */
  sensitive: z.boolean(),
});

const BaseDto = z.object({ value: json, schema: json, overrides: overridesSchema });
const VariantDto = BaseDto.extend({ environmentId: z.string(), useBaseSchema: z.boolean() });

export const ConfigDto = ConfigListItemDto.extend({
  editors: z.array(z.string()),
  maintainers: z.array(z.string()),
  base: BaseDto,
  variants: z.array(VariantDto),
  /** Values encrypted at rest and kept from SDK keys without readSensitive. */
  sensitive: z.boolean(),
});

export function toConfig(c: Config & { tags?: string[] }) {
  const emails = (role: string) => c.members.filter((m) => m.role === role).map((m) => m.email);
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    editors: emails("editor"),
    maintainers: emails("maintainer"),
    base: c.base,
    variants: c.variants.map((v) => ({
      environmentId: v.environmentId,
      value: v.value,
      schema: v.schema,
      overrides: v.overrides,
      useBaseSchema: v.useBaseSchema,
    })),
    sensitive: c.sensitive === true,
    tags: c.tags ?? [],
  };
}

export const EnvironmentDto = z.object({
  id: z.string(),
  name: z.string(),
  order: z.number().int(),
});
export const toEnvironment = (e: Environment) => ({ id: e.id, name: e.name, order: e.position });

export const SdkKeyDto = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  environmentId: z.string(),
  createdAt: time,
  prefix: z.string(),
  suffix: z.string(),
  /** Receives sensitive configs. */
  readSensitive: z.boolean(),
});
export const toSdkKey = (k: SdkKey) => ({
  id: k.id,
  name: k.name,
  description: k.description,
  environmentId: k.environmentId,
  createdAt: k.createdAt,
  prefix: k.keyPrefix,
  suffix: k.keySuffix,
  readSensitive: k.readSensitive === true,
});

export const MemberDto = z.object({
  email: z.string(),
  role: z.string(),
  createdAt: time.optional(),
});
export const toMember = (m: Member<string> | { email: string; role: string }) => ({
  email: m.email,
  role: m.role,
  ...("createdAt" in m ? { createdAt: m.createdAt } : {}),
});

export const ApiKeyDto = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  prefix: z.string(),
  suffix: z.string(),
  scopes: z.array(z.string()),
  projectIds: z.array(z.string()).nullable(),
  expiresAt: time.nullable(),
  lastUsedAt: time.nullable(),
  createdBy: z.string().nullable(),
  createdAt: time,
});
export const toApiKey = (k: AdminApiKey) => ({
  id: k.id,
  name: k.name,
  description: k.description,
  prefix: k.keyPrefix,
  suffix: k.keySuffix,
  scopes: k.scopes,
  projectIds: k.projectIds,
  expiresAt: k.expiresAt,
  lastUsedAt: k.lastUsedAt,
  createdBy: k.createdBy,
  createdAt: k.createdAt,
});

export const AuditEntryDto = z.object({
  id: z.number().int(),
  createdAt: time,
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  workspaceId: z.string().nullable(),
  projectId: z.string().nullable(),
  configName: z.string().nullable(),
  actor: z.object({
    type: z.enum(["user", "api_key", "superuser", "system"]),
    id: z.string().nullable(),
    label: z.string(),
  }),
  before: json,
  after: json,
  requestId: z.string().nullable(),
});
export const toAuditEntry = (e: AuditEntry) => ({
  id: e.id,
  createdAt: e.createdAt,
  action: e.action,
  targetType: e.targetType,
  targetId: e.targetId,
  workspaceId: e.workspaceId,
  projectId: e.projectId,
  configName: e.configName,
  actor: e.actor,
  before: e.before,
  after: e.after,
  requestId: e.requestId,
});

export const IdDto = z.object({ id: z.string() });

/** Problems that did not stop a write, e.g. a reference to a config that does not exist. */
export const WarningsDto = z.array(z.object({ path: z.string(), message: z.string() }))
  .describe("Left out when empty; Replane's clients ignore it");

/** `body` plus `warnings` when there are any, so Replane's answers stay as they were. */
export function withWarnings<T extends object>(body: T, warnings: readonly Issue[]) {
  return warnings.length > 0 ? { ...body, warnings: [...warnings] } : body;
}
