// The override tester (src/service/evaluate.ts): a config's value for one environment and a
// context, with every override it tried.
import { z } from "zod";
import { jsonByteLength, jsonValueProblem, LIMITS } from "../../domain/limits.ts";
import * as evaluation from "../../service/evaluate.ts";
import { configParams, idField } from "./fields.ts";
import { type Input, route } from "./registry.ts";

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
const evaluateBody = z.strictObject({ environmentId: idField("environmentId"), context });

async function evaluateConfig(
  { deps, params, body, caller }: Input<
    z.infer<typeof configParams>,
    void,
    z.infer<typeof evaluateBody>
  >,
) {
  return await evaluation.evaluateConfig(
    deps.store,
    await caller(),
    params.projectId,
    params.name,
    body.environmentId,
    body.context,
  );
}

export const evaluateRoutes = [
  route({
    method: "post",
    path: "/projects/{projectId}/configs/{name}/evaluate",
    action: "evaluate the config",
    tag: "Configs",
    params: configParams,
    body: evaluateBody,
    response: z.object({
      value: z.unknown(),
      matchedOverride: z.number().int().nullable().describe("Index of the override that applied"),
      trace: z.array(z.unknown()).describe(
        "Each override tried (compiled: a weighted rule is one per variant), with each " +
          "condition's result and, where a segment, prerequisite or slice compiled to it, `source`",
      ),
      decidedBy: z.object({
        rule: z.string(),
        ruleIndex: z.number().int(),
        variant: z.string().optional(),
      }).nullable().describe("The stored override or weighted rule (and variant) that decided"),
      explanation: z.array(z.string()).describe("The decision in words"),
      error: z.string().optional(),
    }),
    handle: evaluateConfig,
  }),
];
