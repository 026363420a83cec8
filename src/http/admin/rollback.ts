// Project rollback (src/service/rollback.ts): preview, then restore a whole project or one
// environment to its state at a past time.
import { z } from "zod";
import * as rollback from "../../service/rollback.ts";
import { idField, isoTimeField, projectParams, textField } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const tag = "Rollback";
const target = {
  at: isoTimeField("at").describe("The past time whose state comes back"),
  environmentId: idField("environmentId").nullable().optional()
    .describe("Only what this environment serves; leave out for the whole project"),
};
const previewQuery = z.object(target);
const rollbackBody = z.strictObject({
  ...target,
  reason: textField("reason", 1000).optional().transform((r) => r?.trim() ?? ""),
});

const Change = z.object({
  path: z.string(),
  kind: z.enum(["added", "removed", "changed"]),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
const Kind = z.enum(["update", "create", "delete"]);
export const PreviewDto = z.object({
  at: z.string(),
  environmentId: z.string().nullable(),
  steps: z.array(z.object({ name: z.string(), kind: Kind, changes: z.array(Change) })),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
});
export const ResultDto = PreviewDto.extend({
  revision: z.number().int().nullable().describe("The one change-feed revision; null: no change"),
  configs: z.array(
    z.object({ name: z.string(), kind: Kind, version: z.number().int().nullable() }),
  ),
});

type ProjectParams = z.infer<typeof projectParams>;

async function previewRollback(
  { deps, params, query, caller }: Input<ProjectParams, z.infer<typeof previewQuery>, void>,
) {
  return await rollback.previewRollback(deps.store, await caller(), params.projectId, {
    at: query.at,
    environmentId: query.environmentId ?? null,
  });
}

async function rollbackProject(
  { deps, params, body, caller }: Input<ProjectParams, void, z.infer<typeof rollbackBody>>,
) {
  return await rollback.rollbackProject(deps.store, await caller(), params.projectId, {
    at: body.at,
    environmentId: body.environmentId ?? null,
    reason: body.reason,
  });
}

export const rollbackRoutes = [
  route({
    method: "get",
    path: "/projects/{projectId}/rollback/preview",
    action: "preview the rollback",
    tag,
    params: projectParams,
    query: previewQuery,
    response: PreviewDto,
    handle: previewRollback,
  }),
  route({
    method: "post",
    path: "/projects/{projectId}/rollback",
    action: "roll back the project",
    tag,
    params: projectParams,
    body: rollbackBody,
    response: ResultDto,
    handle: rollbackProject,
  }),
];
