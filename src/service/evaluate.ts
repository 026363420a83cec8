// The override tester: evaluates a config for one environment and a context, compiled as the
// SDK stream renders it (src/domain/render.ts), and explains every override it tried, naming
// the segment, prerequisite or variant that decided (src/domain/targeting/explain.ts).
import { evaluate, type EvaluationContext } from "../domain/evaluate.ts";
import { invalid } from "../domain/errors.ts";
import { bodyFor, compileFor } from "../domain/render.ts";
import { type ExplainedEvaluation, explainEvaluation } from "../domain/targeting/explain.ts";
import { TARGETING_LIMITS, targetMaps } from "../domain/targeting/model.ts";
import { usesOf } from "../domain/targeting/uses.ts";
import { type FeedConfig, toFeedConfig } from "../store/changes.ts";
import type { Store } from "../store/store.ts";
import { type Caller, projectTarget } from "./caller.ts";
import { configOr404, projectOr404 } from "./lookup.ts";

export async function evaluateConfig(
  store: Store,
  caller: Caller,
  projectId: string,
  name: string,
  environmentId: string,
  context: EvaluationContext,
): Promise<ExplainedEvaluation> {
  return await store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    const config = toFeedConfig(await configOr404(tx, p, name));
    const env = await tx.environments.get(environmentId);
    if (!env || env.projectId !== p.id) {
      throw invalid(`evaluate config "${name}"`, [{
        path: "environmentId",
        message: `environmentId "${environmentId}" names no environment of this project`,
      }]);
    }
    // Only what the overrides reach is loaded: references, and prerequisites transitively.
    const loaded = new Map<string, FeedConfig>([[config.name, config]]);
    const queue = [config];
    const budget = TARGETING_LIMITS.maxPrerequisiteDepth * 200;
    for (let i = 0; i < queue.length && loaded.size < budget; i++) {
      const uses = usesOf(bodyFor(queue[i]!, env.id).overrides);
      for (const ref of [...uses.references, ...uses.prerequisites]) {
        if (loaded.has(ref)) continue;
        const found = await tx.configs.get(p.id, ref);
        if (!found) continue;
        const feed = toFeedConfig(found);
        loaded.set(ref, feed);
        if (uses.prerequisites.has(ref)) queue.push(feed);
      }
    }
    const { segments, groups } = targetMaps(await tx.targets.list(p.id));
    const targets = {
      segment: (n: string) => segments.get(n),
      group: (n: string) => groups.get(n),
    };
    const compiled = compileFor(config, env.id, (n) => loaded.get(n), targets, { explain: true });
    const wire = {
      name: config.name,
      value: bodyFor(config, env.id).value,
      overrides: compiled.overrides,
    };
    return explainEvaluation(
      evaluate(wire, context),
      compiled.overrides,
      compiled.origins,
      compiled.labels,
    );
  });
}
