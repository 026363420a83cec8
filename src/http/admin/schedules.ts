// Scheduled changes (src/service/schedules.ts): schedule a config's full state for a time
// (optionally with its revert later), list, read, edit and cancel them before they fire; a
// change and its put-back are edited and cancelled together.
import { z } from "zod";
import * as schedules from "../../service/schedules.ts";
import { configFields } from "./config_input.ts";
import { configParams, idField, isoTimeField, projectParams, textField } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const tag = "Scheduled changes";
const time = z.string().describe("ISO-8601 time");
const configBody = z.strictObject({
  ...configFields,
  // Fields of the GET answer, accepted and ignored so GET → edit → schedule works.
  name: z.unknown().optional(),
  id: z.unknown().optional(),
  version: z.unknown().optional(),
  createdAt: z.unknown().optional(),
  updatedAt: z.unknown().optional(),
}).describe("The config's whole state, as PUT takes it");
const onConflict = z.enum(["apply", "fail"], { error: 'onConflict must be "apply" or "fail"' });
const createBody = z.strictObject({
  at: isoTimeField("at").describe("When to apply it (with a zone)"),
  config: configBody,
  onConflict: onConflict.optional().transform((o) => o ?? "fail")
    .describe('If the config changed meanwhile: "apply" anyway (checked again) or "fail"'),
  comment: textField("comment", 1000).optional().transform((c) => c ?? ""),
  revertAt: isoTimeField("revertAt").optional()
    .describe("Also put the config back as it is now at this later time"),
});
const editBody = z.strictObject({
  at: isoTimeField("at").optional(),
  config: configBody.optional(),
  onConflict: onConflict.optional(),
  comment: textField("comment", 1000).optional(),
  revertAt: isoTimeField("revertAt").optional()
    .describe("Move its put-back (scheduled with revertAt) to this later time"),
});
const scheduleParams = projectParams.extend({ scheduleId: idField("scheduleId") });
const listQuery = z.object({
  status: z.enum(["pending", "applied", "failed", "cancelled"], {
    error: "status must be pending, applied, failed or cancelled",
  }).optional(),
});

export const ScheduleDto = z.object({
  id: z.string(),
  configName: z.string(),
  dueAt: time,
  status: z.enum(["pending", "applied", "failed", "cancelled"]),
  onConflict: z.enum(["apply", "fail"]),
  comment: z.string(),
  baseVersion: z.number().int(),
  state: z.unknown().describe("The state it applies"),
  createdBy: z.string(),
  createdAt: time,
  firedAt: time.nullable(),
  firedVersion: z.number().int().nullable(),
  late: z.boolean().describe("Fired more than a second after its time (a restart, an outage)"),
  failure: z.string().nullable(),
  revertId: z.string().nullable().describe("The put-back scheduled with this change (revertAt)"),
  revertOf: z.string().nullable().describe("The pending change this item puts back"),
});

const toDto = (s: schedules.Linked) => ({
  id: s.id,
  configName: s.configName,
  dueAt: s.dueAt,
  status: s.status,
  onConflict: s.onConflict,
  comment: s.comment,
  baseVersion: s.baseVersion,
  state: s.state,
  createdBy: s.actor.label,
  createdAt: s.createdAt,
  firedAt: s.firedAt,
  firedVersion: s.firedVersion,
  late: s.late,
  failure: s.failure,
  revertId: s.revertId,
  revertOf: s.revertOf,
});

type ScheduleParams = z.infer<typeof scheduleParams>;

const inputOf = (c: z.infer<typeof configBody>) => ({
  description: c.description,
  editors: c.editors,
  maintainers: c.maintainers,
  base: c.base,
  variants: c.variants,
});

async function scheduleChange(
  { deps, params, body, caller }: Input<
    z.infer<typeof configParams>,
    void,
    z.infer<typeof createBody>
  >,
) {
  const made = await schedules.scheduleChange(
    deps.store,
    await caller(),
    params.projectId,
    params.name,
    { ...body, config: inputOf(body.config) },
  );
  return { schedules: made.map(toDto) };
}

async function listSchedules(
  { deps, params, query, caller }: Input<
    z.infer<typeof projectParams>,
    z.infer<typeof listQuery>,
    void
  >,
) {
  const list = await schedules.listSchedules(
    deps.store,
    await caller(),
    params.projectId,
    query.status ?? null,
  );
  return { schedules: list.map(toDto) };
}

async function getSchedule({ deps, params, caller }: Input<ScheduleParams, void, void>) {
  return toDto(
    await schedules.getSchedule(deps.store, await caller(), params.projectId, params.scheduleId),
  );
}

async function editSchedule(
  { deps, params, body, caller }: Input<ScheduleParams, void, z.infer<typeof editBody>>,
) {
  const edit = { ...body, config: body.config && inputOf(body.config) };
  return toDto(
    await schedules.changeSchedule(
      deps.store,
      await caller(),
      params.projectId,
      params.scheduleId,
      edit,
    ),
  );
}

async function cancelSchedule({ deps, params, caller }: Input<ScheduleParams, void, void>) {
  return toDto(
    await schedules.changeSchedule(
      deps.store,
      await caller(),
      params.projectId,
      params.scheduleId,
      null,
    ),
  );
}

export const scheduleRoutes = [
  route({
    method: "post",
    path: "/projects/{projectId}/configs/{name}/schedules",
    action: "schedule a config change",
    tag,
    params: configParams,
    body: createBody,
    status: 201,
    response: z.object({ schedules: z.array(ScheduleDto) }),
    handle: scheduleChange,
  }),
  route({
    method: "get",
    path: "/projects/{projectId}/schedules",
    action: "list scheduled changes",
    tag,
    params: projectParams,
    query: listQuery,
    response: z.object({ schedules: z.array(ScheduleDto) }),
    handle: listSchedules,
  }),
  route({
    method: "get",
    path: "/projects/{projectId}/schedules/{scheduleId}",
    action: "read the scheduled change",
    tag,
    params: scheduleParams,
    response: ScheduleDto,
    handle: getSchedule,
  }),
  route({
    method: "patch",
    path: "/projects/{projectId}/schedules/{scheduleId}",
    action: "edit the scheduled change",
    tag,
    params: scheduleParams,
    body: editBody,
    response: ScheduleDto,
    handle: editSchedule,
  }),
  route({
    method: "post",
    path: "/projects/{projectId}/schedules/{scheduleId}/cancel",
    action: "cancel the scheduled change",
    tag,
    params: scheduleParams,
    response: ScheduleDto,
    handle: cancelSchedule,
  }),
];
