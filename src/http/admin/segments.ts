// Segments (src/service/segments.ts): named audiences that override conditions use with
// "in_segment" / "not_in_segment". Deleting one in use answers 200 with warnings.
import { z } from "zod";
import { configNameSchema } from "../../domain/names.ts";
import { segmentConditionsSchema } from "../../domain/targeting/target_schema.ts";
import * as targets from "../../service/segments.ts";
import type { Target, TargetVersion } from "../../store/types.ts";
import { WarningsDto } from "./dto.ts";
import { projectParams, textField } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const tag = "Segments";
const segmentParams = projectParams.extend({ name: configNameSchema("name") });
const fields = {
  description: textField("description").optional().transform((d) => d ?? ""),
  conditions: segmentConditionsSchema,
};
const createBody = z.strictObject({ name: configNameSchema("name"), ...fields });
const replaceBody = z.strictObject({
  ...fields,
  baseVersion: z.number().int().min(1).optional(),
  // Fields of the GET answer, accepted and ignored so GET → edit → PUT works.
  name: configNameSchema("name").optional(),
  id: z.unknown().optional(),
  version: z.unknown().optional(),
  createdAt: z.unknown().optional(),
  updatedAt: z.unknown().optional(),
  usedBy: z.unknown().optional(),
});

const time = z.string().describe("ISO-8601 time");
export const SegmentDto = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  conditions: z.array(z.unknown()).describe("Conditions, ANDed, as in an override"),
  version: z.number().int(),
  createdAt: time,
  updatedAt: time,
});
const SegmentDetailDto = SegmentDto.extend({
  usedBy: z.array(z.string()).describe("Configs whose overrides use the segment"),
});
const VersionDto = z.object({
  version: z.number().int(),
  description: z.string(),
  conditions: z.array(z.unknown()),
  createdAt: time,
  actor: z.object({ type: z.string(), id: z.string().nullable() }),
});

const toSegment = (t: Target) => ({
  id: t.id,
  name: t.name,
  description: t.description,
  conditions: (t.data as { conditions: unknown[] }).conditions,
  version: t.version,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
});
const toVersion = (v: TargetVersion) => ({
  version: v.version,
  description: v.description,
  conditions: (v.data as { conditions: unknown[] }).conditions,
  createdAt: v.createdAt,
  actor: v.actor,
});

type ProjectParams = z.infer<typeof projectParams>;
type SegmentParams = z.infer<typeof segmentParams>;

async function listSegments({ deps, params, caller }: Input<ProjectParams, void, void>) {
  const list = await targets.listTargets(deps.store, await caller(), params.projectId, "segment");
  return { segments: list.map(toSegment) };
}

async function getSegment({ deps, params, caller }: Input<SegmentParams, void, void>) {
  const t = await targets.getTarget(
    deps.store,
    await caller(),
    params.projectId,
    "segment",
    params.name,
  );
  return { ...toSegment(t), usedBy: t.usedBy };
}

async function createSegment(
  { deps, params, body, caller }: Input<ProjectParams, void, z.infer<typeof createBody>>,
) {
  const t = await targets.createTarget(
    deps.store,
    await caller(),
    params.projectId,
    "segment",
    body.name,
    { description: body.description, conditions: body.conditions },
  );
  return toSegment(t);
}

async function replaceSegment(
  { deps, params, body, caller }: Input<SegmentParams, void, z.infer<typeof replaceBody>>,
) {
  const t = await targets.replaceTarget(
    deps.store,
    await caller(),
    params.projectId,
    "segment",
    params.name,
    { description: body.description, conditions: body.conditions },
    body.baseVersion,
  );
  return { ...toSegment(t), usedBy: t.usedBy };
}

async function deleteSegment({ deps, params, caller }: Input<SegmentParams, void, void>) {
  const { warnings } = await targets.deleteTarget(
    deps.store,
    await caller(),
    params.projectId,
    "segment",
    params.name,
  );
  return warnings.length > 0 ? { warnings } : null;
}

async function listSegmentVersions({ deps, params, caller }: Input<SegmentParams, void, void>) {
  const list = await targets.targetVersions(
    deps.store,
    await caller(),
    params.projectId,
    "segment",
    params.name,
  );
  return { versions: list.map(toVersion) };
}

export const segmentRoutes = [
  route({
    method: "get",
    path: "/projects/{projectId}/segments",
    action: "list segments",
    tag,
    params: projectParams,
    response: z.object({ segments: z.array(SegmentDto) }),
    handle: listSegments,
  }),
  route({
    method: "get",
    path: "/projects/{projectId}/segments/{name}",
    action: "read the segment",
    tag,
    params: segmentParams,
    response: SegmentDetailDto,
    handle: getSegment,
  }),
  route({
    method: "post",
    path: "/projects/{projectId}/segments",
    action: "create a segment",
    tag,
    params: projectParams,
    body: createBody,
    status: 201,
    response: SegmentDto,
    handle: createSegment,
  }),
  route({
    method: "put",
    path: "/projects/{projectId}/segments/{name}",
    action: "update the segment",
    tag,
    params: segmentParams,
    body: replaceBody,
    response: SegmentDetailDto,
    handle: replaceSegment,
  }),
  route({
    method: "delete",
    path: "/projects/{projectId}/segments/{name}",
    action: "delete the segment",
    tag,
    params: segmentParams,
    status: 204,
    response: z.object({ warnings: WarningsDto }).nullable(),
    handle: deleteSegment,
  }),
  route({
    method: "get",
    path: "/projects/{projectId}/segments/{name}/versions",
    action: "list the segment's versions",
    tag,
    params: segmentParams,
    response: z.object({ versions: z.array(VersionDto) }),
    handle: listSegmentVersions,
  }),
];
