// Kill switches (src/service/kill_switch.ts): switch a config off in one environment or all,
// list them, undo one.
import { z } from "zod";
import { jsonValueSchema } from "../../domain/override_schema.ts";
import * as kill from "../../service/kill_switch.ts";
import { configParams, idField, projectParams, textField } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const tag = "Kill switches";
const time = z.string().describe("ISO-8601 time");
const killBody = z.strictObject({
  value: jsonValueSchema("value").describe("The safe value every client gets"),
  environmentId: idField("environmentId").nullable().optional()
    .describe("Leave out (or null) for every environment"),
  reason: textField("reason", 1000).refine((r) => r.trim() !== "", {
    error: "reason must say why the config is switched off",
  }),
});
const killParams = projectParams.extend({ killSwitchId: idField("killSwitchId") });
const listQuery = z.object({
  active: z.enum(["true", "false"], { error: 'active must be "true" or "false"' }).optional(),
});

export const KillSwitchDto = z.object({
  id: z.string(),
  configName: z.string(),
  environmentId: z.string().nullable().describe("null: every environment"),
  value: z.unknown(),
  reason: z.string(),
  killedVersion: z.number().int(),
  createdBy: z.string(),
  createdAt: time,
  undoneAt: time.nullable(),
  undoneBy: z.string().nullable(),
  undoneVersion: z.number().int().nullable(),
});
const KilledDto = z.object({
  killSwitch: KillSwitchDto,
  config: z.object({ id: z.string(), version: z.number().int() }),
});

const toKillSwitch = (k: kill.KillSwitch) => ({
  id: k.id,
  configName: k.configName,
  environmentId: k.environmentId,
  value: k.value,
  reason: k.reason,
  killedVersion: k.killedVersion,
  createdBy: k.actorLabel,
  createdAt: k.createdAt,
  undoneAt: k.undoneAt,
  undoneBy: k.undoneBy,
  undoneVersion: k.undoneVersion,
});
const toKilled = ({ killSwitch, config }: kill.Killed) => ({
  killSwitch: toKillSwitch(killSwitch),
  config: { id: config.id, version: config.version },
});

type ConfigParams = z.infer<typeof configParams>;

async function killConfig(
  { deps, params, body, caller }: Input<ConfigParams, void, z.infer<typeof killBody>>,
) {
  return toKilled(
    await kill.killConfig(deps.store, await caller(), params.projectId, params.name, {
      value: body.value,
      environmentId: body.environmentId ?? null,
      reason: body.reason.trim(),
    }),
  );
}

async function listKillSwitches(
  { deps, params, query, caller }: Input<
    z.infer<typeof projectParams>,
    z.infer<typeof listQuery>,
    void
  >,
) {
  const list = await kill.listKillSwitches(
    deps.store,
    await caller(),
    params.projectId,
    query.active !== "false",
  );
  return { killSwitches: list.map(toKillSwitch) };
}

async function undoKill({ deps, params, caller }: Input<z.infer<typeof killParams>, void, void>) {
  return toKilled(
    await kill.undoKill(deps.store, await caller(), params.projectId, params.killSwitchId),
  );
}

export const killSwitchRoutes = [
  route({
    method: "post",
    path: "/projects/{projectId}/configs/{name}/kill-switch",
    action: "switch off the config",
    tag,
    params: configParams,
    body: killBody,
    status: 201,
    response: KilledDto,
    handle: killConfig,
  }),
  route({
    method: "get",
    path: "/projects/{projectId}/kill-switches",
    action: "list kill switches",
    tag,
    params: projectParams,
    query: listQuery,
    response: z.object({ killSwitches: z.array(KillSwitchDto) }),
    handle: listKillSwitches,
  }),
  route({
    method: "post",
    path: "/projects/{projectId}/kill-switches/{killSwitchId}/undo",
    action: "undo the kill switch",
    tag,
    params: killParams,
    response: KilledDto,
    handle: undoKill,
  }),
];
