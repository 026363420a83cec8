// What the targeting checks of a config save need, read in the save's transaction: the
// project's segments and exclusion groups, and every config its prerequisites can reach.
import type { ConfigState } from "../domain/config_state.ts";
import type { RenderSource } from "../domain/render.ts";
import type { TargetingContext } from "../domain/targeting/check.ts";
import { TARGETING_LIMITS, targetMaps } from "../domain/targeting/model.ts";
import { usesOf } from "../domain/targeting/uses.ts";
import { toFeedConfig } from "../store/changes.ts";
import type { Tx } from "../store/store.ts";

const bodiesOf = (s: Pick<ConfigState, "base" | "variants">) => [s.base, ...s.variants];

/** `states` are the configs being saved, by name; they stand in for their stored form. */
export async function loadTargeting(
  tx: Tx,
  projectId: string,
  states: ReadonlyMap<string, ConfigState>,
  stored: readonly Pick<ConfigState, "base" | "variants">[] = [],
): Promise<TargetingContext> {
  const { segments, groups } = targetMaps(await tx.targets.list(projectId));
  const configs = new Map<string, RenderSource>();
  for (const [name, s] of states) {
    configs.set(name, {
      projectId,
      name,
      value: s.base.value,
      overrides: s.base.overrides,
      variants: s.variants,
    });
  }
  const wanted = (s: Pick<ConfigState, "base" | "variants">) => {
    const uses = usesOf([]);
    for (const b of bodiesOf(s)) usesOf(b.overrides, uses);
    return uses.prerequisites;
  };
  const queue = [...states.values()].flatMap((s) => [...wanted(s)]);
  // A chain longer than the depth limit is refused by the compiler; reading stops there too.
  const budget = TARGETING_LIMITS.maxPrerequisiteDepth * 200;
  const seen = new Set(configs.keys());
  for (let i = 0; i < queue.length && seen.size < budget; i++) {
    const name = queue[i]!;
    if (seen.has(name)) continue;
    seen.add(name);
    const found = await tx.configs.get(projectId, name);
    if (!found) continue;
    configs.set(name, toFeedConfig(found));
    queue.push(...wanted(found));
  }
  const before = usesOf([]);
  for (const s of stored) for (const b of bodiesOf(s)) usesOf(b.overrides, before);
  return { segments, groups, configs, before };
}
