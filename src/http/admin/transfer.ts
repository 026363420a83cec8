// Project export and import in Replane's export format (REPLANE_COMPAT.md §4). Variants
// travel by environment name; references are rebased onto the importing project.
import { z } from "zod";
import { LIMITS } from "../../domain/limits.ts";
import { configNameSchema, quote } from "../../domain/names.ts";
import { type Issue, jsonValueSchema, overridesSchema } from "../../domain/override_schema.ts";
import type { Condition, Json, Override } from "../../domain/overrides.ts";
import type { Config, ConfigState } from "../../store/types.ts";
import { projectOr404, projectTarget } from "./caller.ts";
import { checkConfigState } from "./config_input.ts";
import { configContext, createConfig, saveConfig } from "./config_write.ts";
import { projectParams, textField } from "./fields.ts";
import { audit } from "./provision.ts";
import { invalid, route } from "./registry.ts";
import { badRequest } from "../errors.ts";

const tag = "Export and import";
const schemaField = jsonValueSchema("schema").optional().transform((s) => s ?? null);
const overridesField = overridesSchema.optional().transform((o) => o ?? []);

const ExportVariant = z.object({
  environmentName: z.string().max(LIMITS.maxNameLength),
  value: jsonValueSchema("value"),
  schema: schemaField,
  useBaseSchema: z.boolean().optional().transform((b) => b ?? true),
  overrides: overridesField,
});
const ExportConfig = z.object({
  name: configNameSchema("name"),
  description: textField("description").optional().transform((d) => d ?? ""),
  value: jsonValueSchema("value"),
  schema: schemaField,
  overrides: overridesField,
  variants: z.array(ExportVariant).max(LIMITS.maxVariants).optional().transform((v) => v ?? []),
});
const ExportDoc = z.object({
  projectName: z.string().optional(),
  exportedAt: z.string().optional(),
  configs: z.array(ExportConfig).max(LIMITS.maxConfigsPerProject),
});

function rebase(overrides: Override[], projectId: string): Override[] {
  const visit = (c: Condition): Condition => {
    switch (c.operator) {
      case "and":
      case "or":
        return { ...c, conditions: c.conditions.map(visit) };
      case "not":
        return { ...c, condition: visit(c.condition) };
      case "segmentation":
        return c;
      default:
        return c.value.type === "reference" ? { ...c, value: { ...c.value, projectId } } : c;
    }
  };
  return overrides.map((o) => ({ ...o, conditions: o.conditions.map(visit) }));
}

export const transferRoutes = [
  route({
    method: "get",
    path: "/projects/{projectId}/export",
    action: "export the project",
    tag,
    params: projectParams,
    response: ExportDoc,
    async handle({ deps, params, caller }) {
      const c = await caller();
      return await deps.store.read(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("config.read", projectTarget(p));
        const envNames = new Map((await tx.environments.list(p.id)).map((e) => [e.id, e.name]));
        const configs = await tx.configs.listFull(p.id);
        return {
          projectName: p.name,
          exportedAt: new Date().toISOString(),
          configs: configs.map((x) => ({
            name: x.name,
            description: x.description,
            value: x.base.value,
            schema: x.base.schema,
            overrides: x.base.overrides,
            variants: x.variants.map((v) => ({
              environmentName: envNames.get(v.environmentId) ?? v.environmentId,
              value: v.value,
              schema: v.schema,
              useBaseSchema: v.useBaseSchema,
              overrides: v.overrides,
            })),
          })),
        };
      });
    },
  }),
  route({
    method: "post",
    path: "/projects/{projectId}/import",
    action: "import configs",
    tag,
    params: projectParams,
    body: z.strictObject({
      data: ExportDoc,
      onConflict: z.enum(["skip", "replace"]).optional().transform((o) => o ?? "skip"),
      environmentMap: z.record(z.string(), z.string().nullable()).optional()
        .describe("Exported environment name → this project's name; null drops those variants"),
    }),
    response: z.object({
      created: z.array(z.string()),
      replaced: z.array(z.string()),
      skipped: z.array(z.string()),
    }),
    async handle({ deps, params, body, caller }) {
      const c = await caller();
      const action = "import configs";
      return await deps.store.write(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("config.create", projectTarget(p));
        const envByName = new Map((await tx.environments.list(p.id)).map((e) => [e.name, e.id]));
        const ctx = await configContext(tx, p, "");
        const existing = new Map<string, Config>();
        for (const x of await tx.configs.listFull(p.id)) existing.set(x.name, x);
        const issues: Issue[] = [];
        const seen = new Set<string>();
        const plan: { name: string; state: ConfigState; current?: Config; root: string }[] = [];
        const result = {
          created: [] as string[],
          replaced: [] as string[],
          skipped: [] as string[],
        };
        body.data.configs.forEach((x, i) => {
          const root = `data.configs[${i}].`;
          if (seen.has(x.name)) {
            issues.push({ path: `${root}name`, message: `name ${quote(x.name)} appears twice` });
          }
          seen.add(x.name);
          const current = existing.get(x.name);
          if (current && body.onConflict === "skip") return void result.skipped.push(x.name);
          const variants = x.variants.flatMap((v, j) => {
            const mapped =
              body.environmentMap && Object.hasOwn(body.environmentMap, v.environmentName)
                ? body.environmentMap[v.environmentName]!
                : v.environmentName;
            if (mapped === null) return [];
            const environmentId = envByName.get(mapped);
            if (environmentId === undefined) {
              issues.push({
                path: `${root}variants[${j}].environmentName`,
                message: `environmentName ${quote(mapped)} names no environment of this project; ` +
                  "map it with environmentMap",
              });
              return [];
            }
            return [{ ...v, environmentId, overrides: rebase(v.overrides, p.id) }]
              .map(({ environmentName: _, ...rest }) => rest);
          });
          const state: ConfigState = {
            description: x.description,
            base: {
              value: x.value as Json,
              schema: x.schema,
              overrides: rebase(x.overrides, p.id),
            },
            variants,
            members: current?.members ?? [],
          };
          plan.push({ name: x.name, state, current, root });
          ctx.names.add(x.name);
        });
        const fresh = plan.filter((x) => !x.current).length;
        if (existing.size + fresh > LIMITS.maxConfigsPerProject) {
          throw badRequest(
            `Cannot ${action}: the project would have ${existing.size + fresh} configs; ` +
              `the limit is ${LIMITS.maxConfigsPerProject}`,
          );
        }
        for (const x of plan) {
          issues.push(...checkConfigState(x.state, { ...ctx, selfName: x.name, root: x.root }));
        }
        if (issues.length > 0) throw invalid(action, issues.slice(0, LIMITS.maxIssues));
        for (const x of plan) {
          if (x.current) {
            await saveConfig(tx, c, p, x.current, x.state, {
              action,
              auditAction: "config.import",
              stale: () => badRequest(`Cannot ${action}: config "${x.name}" changed meanwhile`),
              checked: true,
            });
            result.replaced.push(x.name);
          } else {
            await createConfig(tx, c, p, x.name, x.state, {
              action,
              duplicate: () => badRequest(`Cannot ${action}: config "${x.name}" already exists`),
              checked: true,
            });
            result.created.push(x.name);
          }
        }
        await audit(tx, c.audit, {
          workspaceId: p.workspaceId,
          projectId: p.id,
          action: "project.import",
          targetType: "project",
          targetId: p.id,
          after: {
            ...result,
            onConflict: body.onConflict,
            sourceProject: body.data.projectName ?? null,
          },
        });
        return result;
      });
    },
  }),
];
