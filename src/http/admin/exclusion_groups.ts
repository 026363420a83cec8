// Exclusion groups (src/service/segments.ts): experiments that never share a user. Each
// slice is a disjoint share of one bucketing; a weighted rule naming a slice runs only there.
import { z } from "zod";
import { configNameSchema } from "../../domain/names.ts";
import type { GroupData } from "../../domain/targeting/model.ts";
import { bucketProperty, groupSeed, slicesSchema } from "../../domain/targeting/target_schema.ts";
import * as targets from "../../service/segments.ts";
import type { Target, TargetVersion } from "../../store/types.ts";
import { WarningsDto } from "./dto.ts";
import { projectParams, textField } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const tag = "Exclusion groups";
const groupParams = projectParams.extend({ name: configNameSchema("name") });
const fields = {
  description: textField("description").optional().transform((d) => d ?? ""),
  property: bucketProperty.optional().transform((p) => p ?? "userId"),
  seed: groupSeed.optional().describe("Kept when left out; a new one reshuffles every user"),
  slices: slicesSchema,
};
const createBody = z.strictObject({ name: configNameSchema("name"), ...fields });
const replaceBody = z.strictObject({
  ...fields,
  baseVersion: z.number().int().min(1).optional(),
  name: configNameSchema("name").optional(),
  id: z.unknown().optional(),
  version: z.unknown().optional(),
  createdAt: z.unknown().optional(),
  updatedAt: z.unknown().optional(),
  usedBy: z.unknown().optional(),
});

const time = z.string().describe("ISO-8601 time");
const SliceDto = z.object({
  name: z.string(),
  weight: z.number(),
  ranges: z.array(z.tuple([z.number(), z.number()])).describe("Where its users are, in percent"),
});
export const GroupDto = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  property: z.string(),
  seed: z.string(),
  slices: z.array(SliceDto),
  version: z.number().int(),
  createdAt: time,
  updatedAt: time,
});
const GroupDetailDto = GroupDto.extend({
  usedBy: z.array(z.string()).describe("Configs with a weighted rule in the group"),
});
const VersionDto = z.object({
  version: z.number().int(),
  description: z.string(),
  property: z.string(),
  seed: z.string(),
  slices: z.array(SliceDto),
  createdAt: time,
  actor: z.object({ type: z.string(), id: z.string().nullable() }),
});

const toGroup = (t: Target) => {
  const d = t.data as unknown as GroupData;
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    property: d.property,
    seed: d.seed,
    slices: d.slices.map((s) => ({ name: s.name, weight: s.weight, ranges: s.ranges ?? [] })),
    version: t.version,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
};
const toVersion = (v: TargetVersion) => {
  const d = v.data as unknown as GroupData;
  return {
    version: v.version,
    description: v.description,
    property: d.property,
    seed: d.seed,
    slices: d.slices.map((s) => ({ name: s.name, weight: s.weight, ranges: s.ranges ?? [] })),
    createdAt: v.createdAt,
    actor: v.actor,
  };
};

type ProjectParams = z.infer<typeof projectParams>;
type GroupParams = z.infer<typeof groupParams>;
const inputOf = (b: z.infer<typeof createBody> | z.infer<typeof replaceBody>) => ({
  description: b.description,
  property: b.property,
  slices: b.slices,
  ...(b.seed === undefined ? {} : { seed: b.seed }),
});

async function listExclusionGroups({ deps, params, caller }: Input<ProjectParams, void, void>) {
  const list = await targets.listTargets(
    deps.store,
    await caller(),
    params.projectId,
    "exclusion_group",
  );
  return { exclusionGroups: list.map(toGroup) };
}

async function getExclusionGroup({ deps, params, caller }: Input<GroupParams, void, void>) {
  const t = await targets.getTarget(
    deps.store,
    await caller(),
    params.projectId,
    "exclusion_group",
    params.name,
  );
  return { ...toGroup(t), usedBy: t.usedBy };
}

async function createExclusionGroup(
  { deps, params, body, caller }: Input<ProjectParams, void, z.infer<typeof createBody>>,
) {
  const t = await targets.createTarget(
    deps.store,
    await caller(),
    params.projectId,
    "exclusion_group",
    body.name,
    inputOf(body),
  );
  return toGroup(t);
}

async function replaceExclusionGroup(
  { deps, params, body, caller }: Input<GroupParams, void, z.infer<typeof replaceBody>>,
) {
  const t = await targets.replaceTarget(
    deps.store,
    await caller(),
    params.projectId,
    "exclusion_group",
    params.name,
    inputOf(body),
    body.baseVersion,
  );
  return { ...toGroup(t), usedBy: t.usedBy };
}

async function deleteExclusionGroup({ deps, params, caller }: Input<GroupParams, void, void>) {
  const { warnings } = await targets.deleteTarget(
    deps.store,
    await caller(),
    params.projectId,
    "exclusion_group",
    params.name,
  );
  return warnings.length > 0 ? { warnings } : null;
}

async function listExclusionGroupVersions(
  { deps, params, caller }: Input<GroupParams, void, void>,
) {
  const list = await targets.targetVersions(
    deps.store,
    await caller(),
    params.projectId,
    "exclusion_group",
    params.name,
  );
  return { versions: list.map(toVersion) };
}

const base = "/projects/{projectId}/exclusion-groups";

export const exclusionGroupRoutes = [
  route({
    method: "get",
    path: base,
    action: "list exclusion groups",
    tag,
    params: projectParams,
    response: z.object({ exclusionGroups: z.array(GroupDto) }),
    handle: listExclusionGroups,
  }),
  route({
    method: "get",
    path: `${base}/{name}`,
    action: "read the exclusion group",
    tag,
    params: groupParams,
    response: GroupDetailDto,
    handle: getExclusionGroup,
  }),
  route({
    method: "post",
    path: base,
    action: "create an exclusion group",
    tag,
    params: projectParams,
    body: createBody,
    status: 201,
    response: GroupDto,
    handle: createExclusionGroup,
  }),
  route({
    method: "put",
    path: `${base}/{name}`,
    action: "update the exclusion group",
    tag,
    params: groupParams,
    body: replaceBody,
    response: GroupDetailDto,
    handle: replaceExclusionGroup,
  }),
  route({
    method: "delete",
    path: `${base}/{name}`,
    action: "delete the exclusion group",
    tag,
    params: groupParams,
    status: 204,
    response: z.object({ warnings: WarningsDto }).nullable(),
    handle: deleteExclusionGroup,
  }),
  route({
    method: "get",
    path: `${base}/{name}/versions`,
    action: "list the exclusion group's versions",
    tag,
    params: groupParams,
    response: z.object({ versions: z.array(VersionDto) }),
    handle: listExclusionGroupVersions,
  }),
];
