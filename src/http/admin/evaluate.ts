// The override tester: evaluates a config for one environment and a context, rendered by the
// SDK stream's own renderer (src/replica/render.ts), and explains every override it tried.
import { z } from "zod";
import { evaluate } from "../../domain/evaluate.ts";
import { jsonByteLength, jsonValueProblem, LIMITS } from "../../domain/limits.ts";
import { bodyFor, renderWire } from "../../replica/render.ts";
import { referencedConfigNames } from "../../domain/render.ts";
import type { FeedConfig } from "../../store/changes.ts";
import type { Config } from "../../store/types.ts";
import { configOr404, projectOr404, projectTarget } from "./caller.ts";
import { configParams, idField } from "./fields.ts";
import { invalid, route } from "./registry.ts";

/** A stored config in the change feed's form, which the renderer takes. */
const feedForm = (c: Config): FeedConfig => ({
  id: c.id,
  projectId: c.projectId,
  name: c.name,
  value: c.base.value,
  overrides: c.base.overrides,
  variants: c.variants.map((v) => ({
    environmentId: v.environmentId,
    value: v.value,
    overrides: v.overrides,
  })),
});

const context = z.record(z.string(), z.unknown()).check((ctx) => {
  const problem = jsonValueProblem(ctx.value);
  const bytes = problem ? 0 : jsonByteLength(ctx.value);
  if (problem || bytes > LIMITS.maxContextBytes) {
    ctx.issues.push({
      code: "custom",
      input: ctx.value,
      message: `context ${
        problem ?? `is ${bytes} bytes of JSON; the limit is ${LIMITS.maxContextBytes}`
      }`,
    });
  }
});

export const evaluateRoutes = [
  route({
    method: "post",
    path: "/projects/{projectId}/configs/{name}/evaluate",
    action: "evaluate the config",
    tag: "Configs",
    params: configParams,
    body: z.strictObject({ environmentId: idField("environmentId"), context }),
    response: z.object({
      value: z.unknown(),
      matchedOverride: z.number().int().nullable().describe("Index of the override that applied"),
      trace: z.array(z.unknown()).describe("Each override tried, with each condition's result"),
      error: z.string().optional(),
    }),
    async handle({ deps, params, body, caller }) {
      const c = await caller();
      return await deps.store.read(async (tx) => {
        const p = await projectOr404(tx, params.projectId);
        c.allow("config.read", projectTarget(p));
        const config = feedForm(await configOr404(tx, p, params.name));
        const env = await tx.environments.get(body.environmentId);
        if (!env || env.projectId !== p.id) {
          throw invalid(`evaluate config "${params.name}"`, [{
            path: "environmentId",
            message: `environmentId "${body.environmentId}" names no environment of this project`,
          }]);
        }
        const referenced = new Map<string, FeedConfig>([[config.name, config]]);
        for (const name of referencedConfigNames(bodyFor(config, env.id).overrides)) {
          const found = referenced.has(name) ? null : await tx.configs.get(p.id, name);
          if (found) referenced.set(name, feedForm(found));
        }
        const wire = renderWire(config, env.id, (n) => referenced.get(n));
        return evaluate(wire, body.context);
      });
    },
  }),
];
