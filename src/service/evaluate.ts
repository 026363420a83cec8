// The override tester: evaluates a config for one environment and a context, rendered as the
// SDK stream renders it (src/domain/render.ts), and explains every override it tried.
import { evaluate, type Evaluation, type EvaluationContext } from "../domain/evaluate.ts";
import { invalid } from "../domain/errors.ts";
import { bodyFor, referencedConfigNames, renderWire } from "../domain/render.ts";
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
): Promise<Evaluation> {
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
    // Only the configs the overrides reference are loaded; a missing one renders as unresolved.
    const referenced = new Map<string, FeedConfig>([[config.name, config]]);
    for (const ref of referencedConfigNames(bodyFor(config, env.id).overrides)) {
      const found = referenced.has(ref) ? null : await tx.configs.get(p.id, ref);
      if (found) referenced.set(ref, toFeedConfig(found));
    }
    return evaluate(renderWire(config, env.id, (n) => referenced.get(n)), context);
  });
}
