// How often a config was evaluated (OFREP and POST /api/sdk/v1/evaluate), per environment and
// variant, over the last 24 hours; the dashboard's config page shows it.
import { z } from "zod";
import * as evaluations from "../../service/evaluations.ts";
import { configParams } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const when = z.string().nullable().describe("ISO time of the newest evaluation, or null");

const EvaluationsDto = z.object({
  windowHours: z.number().int().describe("Counts cover this many hourly buckets, to now"),
  count: z.number().int(),
  lastEvaluatedAt: when,
  environments: z.array(z.object({
    environmentId: z.string(),
    environmentName: z.string(),
    count: z.number().int(),
    lastEvaluatedAt: when,
    variants: z.array(z.object({
      variant: z.string().describe('The override that applied, or "default"'),
      count: z.number().int(),
      lastEvaluatedAt: when,
    })),
  })),
});

async function getConfigEvaluations(
  { deps, params, caller }: Input<z.infer<typeof configParams>, void, void>,
) {
  return await evaluations.configEvaluations(
    deps.store,
    await caller(),
    params.projectId,
    params.name,
  );
}

export const evaluationRoutes = [
  route({
    method: "get",
    path: "/projects/{projectId}/configs/{name}/evaluations",
    action: "read the config's evaluation counts",
    tag: "Configs",
    params: configParams,
    response: EvaluationsDto,
    handle: getConfigEvaluations,
  }),
];
