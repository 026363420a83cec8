// Config versions: list, get, diff and restore (src/service/versions.ts).
import { z } from "zod";
import type { ConfigVersion } from "../../store/types.ts";
import * as versions from "../../service/versions.ts";
import { commentField } from "./config_input.ts";
import { WarningsDto, withWarnings } from "./dto.ts";
import { PropagationDto } from "./propagation_dto.ts";
import { configParams, positiveIntString, wholeNumberString } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const tag = "Versions";
const versionParams = configParams.extend({ version: positiveIntString("version") });
const diffQuery = z.object({
  against: wholeNumberString("against").optional().describe("Default: the version before"),
});
const restoreBody = z.strictObject({
  baseVersion: z.number().int().min(1).optional(),
  comment: commentField,
}).optional().transform((b) => b ?? {});

const ActorDto = z.object({ type: z.string(), id: z.string().nullable() });
const VersionSummaryDto = z.object({
  version: z.number().int(),
  createdAt: z.string(),
  actor: ActorDto,
  hash: z.string().nullable().describe(
    "SHA-256 over this version's row and prevHash (docs/security.md); null until sealed",
  ),
  prevHash: z.string().nullable().describe("The previous version's hash; null for version 1"),
  comment: z.string().nullable().describe("Why the change was made, as sent with the save"),
  values: z.enum(["changed", "unchanged"]).optional().describe(
    "Sensitive config: its values are masked; whether they changed from the version before",
  ),
  propagation: z.array(PropagationDto).optional().describe(
    "Per environment: how long until 50/99/100% of the SDK streams connected then had it",
  ),
});
const StateDto = z.object({
  description: z.string(),
  base: z.unknown(),
  variants: z.array(z.unknown()),
  members: z.array(z.object({ email: z.string(), role: z.string() })),
});

type ConfigParams = z.infer<typeof configParams>;
type VersionParams = z.infer<typeof versionParams>;

const summary = (v: ConfigVersion & { values?: "changed" | "unchanged" }) => ({
  version: v.version,
  createdAt: v.createdAt,
  actor: v.actor,
  hash: v.hash,
  prevHash: v.prevHash,
  comment: v.comment,
  ...(v.values ? { values: v.values } : {}),
});

async function listVersions({ deps, params, caller }: Input<ConfigParams, void, void>) {
  const list = await versions.listVersions(
    deps.store,
    await caller(),
    params.projectId,
    params.name,
  );
  return { versions: list.map((v) => ({ ...summary(v), propagation: v.propagation })) };
}

async function getVersion({ deps, params, caller }: Input<VersionParams, void, void>) {
  const v = await versions.getVersion(
    deps.store,
    await caller(),
    params.projectId,
    params.name,
    params.version,
  );
  return { ...summary(v), state: v.state };
}

async function diffVersions(
  { deps, params, query, caller }: Input<VersionParams, z.infer<typeof diffQuery>, void>,
) {
  return await versions.diffVersions(
    deps.store,
    await caller(),
    params.projectId,
    params.name,
    params.version,
    query.against ?? params.version - 1,
  );
}

async function restoreVersion(
  { deps, params, body, caller }: Input<VersionParams, void, z.infer<typeof restoreBody>>,
) {
  const { config, warnings } = await versions.restoreVersion(
    deps.store,
    await caller(),
    params.projectId,
    params.name,
    params.version,
    body.baseVersion,
    body.comment,
  );
  return withWarnings({ id: config.id, version: config.version }, warnings);
}

export const versionRoutes = [
  route({
    method: "get",
    path: "/projects/{projectId}/configs/{name}/versions",
    action: "list config versions",
    tag,
    params: configParams,
    response: z.object({ versions: z.array(VersionSummaryDto) }),
    handle: listVersions,
  }),
  route({
    method: "get",
    path: "/projects/{projectId}/configs/{name}/versions/{version}",
    action: "read a config version",
    tag,
    params: versionParams,
    response: VersionSummaryDto.extend({ state: StateDto }),
    handle: getVersion,
  }),
  route({
    method: "get",
    path: "/projects/{projectId}/configs/{name}/versions/{version}/diff",
    action: "compare config versions",
    tag,
    params: versionParams,
    query: diffQuery,
    response: z.object({
      from: z.number().int().describe("0: before the first version"),
      to: z.number().int(),
      changes: z.array(z.object({
        path: z.string(),
        kind: z.enum(["added", "removed", "changed"]),
        before: z.unknown().optional(),
        after: z.unknown().optional(),
      })),
    }),
    handle: diffVersions,
  }),
  route({
    method: "post",
    path: "/projects/{projectId}/configs/{name}/versions/{version}/restore",
    action: "restore a config version",
    tag,
    params: versionParams,
    body: restoreBody,
    response: z.object({
      id: z.string(),
      version: z.number().int(),
      warnings: WarningsDto.optional(),
    }),
    handle: restoreVersion,
  }),
];
