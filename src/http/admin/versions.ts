// Config versions: list, get, diff and restore. History outlives the config: after a delete
// the versions of the last config with that name can still be read.
import { z } from "zod";
import { diffJson } from "../../domain/json_diff.ts";
import type { Json } from "../../domain/overrides.ts";
import type { Tx } from "../../store/store.ts";
import type { ConfigState, ConfigVersion, Project } from "../../store/types.ts";
import { conflict, notFound } from "../errors.ts";
import { configOr404, projectOr404, projectTarget } from "./caller.ts";
import { saveConfig } from "./config_write.ts";
import { configParams, positiveIntString, wholeNumberString } from "./fields.ts";
import { route } from "./registry.ts";

const tag = "Versions";
const versionParams = configParams.extend({ version: positiveIntString("version") });

const ActorDto = z.object({ type: z.string(), id: z.string().nullable() });
const VersionSummaryDto = z.object({
  version: z.number().int(),
  createdAt: z.string(),
  actor: ActorDto,
});
const StateDto = z.object({
  description: z.string(),
  base: z.unknown(),
  variants: z.array(z.unknown()),
  members: z.array(z.object({ email: z.string(), role: z.string() })),
});

const summary = (v: ConfigVersion) => ({
  version: v.version,
  createdAt: v.createdAt,
  actor: v.actor,
});

/** The id whose history `name` shows: the live config, else the last deleted one. */
async function historyId(tx: Tx, project: Project, name: string): Promise<string> {
  const live = await tx.configs.get(project.id, name);
  if (live) return live.id;
  const [last] = await tx.configs.historyIds(project.id, name);
  if (!last) throw notFound(`Config "${name}" not found, and has no history`);
  return last;
}

async function versionOr404(tx: Tx, configId: string, name: string, version: number) {
  const v = await tx.configs.version(configId, version);
  if (!v) throw notFound(`Config "${name}" has no version ${version}`);
  return v;
}

/** Variants and members keyed by environment id and email, so a diff shows what changed. */
function diffable(s: ConfigState | null): Json {
  if (s === null) return {};
  return {
    description: s.description,
    base: s.base,
    variants: Object.fromEntries(s.variants.map(({ environmentId, ...v }) => [environmentId, v])),
    members: Object.fromEntries(s.members.map((m) => [m.email, m.role])),
  } as unknown as Json;
}

export const versionRoutes = [
  route({
    method: "get",
    path: "/projects/{projectId}/configs/{name}/versions",
    action: "list config versions",
    tag,
    params: configParams,
    response: z.object({ versions: z.array(VersionSummaryDto) }),
    async handle({ deps, params, caller }) {
      const c = await caller();
      return await deps.store.read(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("config.read", projectTarget(p));
        const versions = await tx.configs.versions(await historyId(tx, p, params.name));
        return { versions: versions.map(summary) };
      });
    },
  }),
  route({
    method: "get",
    path: "/projects/{projectId}/configs/{name}/versions/{version}",
    action: "read a config version",
    tag,
    params: versionParams,
    response: VersionSummaryDto.extend({ state: StateDto }),
    async handle({ deps, params, caller }) {
      const c = await caller();
      return await deps.store.read(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("config.read", projectTarget(p));
        const id = await historyId(tx, p, params.name);
        const v = await versionOr404(tx, id, params.name, params.version);
        return { ...summary(v), state: v.state };
      });
    },
  }),
  route({
    method: "get",
    path: "/projects/{projectId}/configs/{name}/versions/{version}/diff",
    action: "compare config versions",
    tag,
    params: versionParams,
    query: z.object({
      against: wholeNumberString("against").optional().describe("Default: the version before"),
    }),
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
    async handle({ deps, params, query, caller }) {
      const c = await caller();
      return await deps.store.read(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("config.read", projectTarget(p));
        const id = await historyId(tx, p, params.name);
        const to = await versionOr404(tx, id, params.name, params.version);
        const fromNumber = query.against ?? params.version - 1;
        const from = fromNumber === 0 ? null : await versionOr404(tx, id, params.name, fromNumber);
        return {
          from: fromNumber,
          to: to.version,
          changes: diffJson(diffable(from?.state ?? null), diffable(to.state)),
        };
      });
    },
  }),
  route({
    method: "post",
    path: "/projects/{projectId}/configs/{name}/versions/{version}/restore",
    action: "restore a config version",
    tag,
    params: versionParams,
    body: z.strictObject({ baseVersion: z.number().int().min(1).optional() }).optional()
      .transform((b) => b ?? {}),
    response: z.object({ id: z.string(), version: z.number().int() }),
    async handle({ deps, params, body, caller }) {
      const c = await caller();
      const action = `restore version ${params.version} of config "${params.name}"`;
      const saved = await deps.store.write(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("config.read", projectTarget(p));
        const current = await configOr404(tx, p, params.name);
        const old = await versionOr404(tx, current.id, params.name, params.version);
        // Variants of environments deleted since then cannot come back.
        const envs = new Set((await tx.environments.list(p.id)).map((e) => e.id));
        const state: ConfigState = {
          ...old.state,
          variants: old.state.variants.filter((v) => envs.has(v.environmentId)),
        };
        return await saveConfig(tx, c, p, current, state, {
          action,
          auditAction: "config.restore",
          auditExtra: { restoredFromVersion: old.version },
          expectedVersion: body.baseVersion,
          stale: () =>
            conflict(
              `Cannot ${action}: it is at version ${current.version}, not ${body.baseVersion}`,
            ),
        });
      });
      return { id: saved.id, version: saved.version };
    },
  }),
];
