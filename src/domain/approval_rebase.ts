// Rebasing a change request: its change (base → proposed) carried onto the config's current
// version, part by part (description, members, the base's value, schema and overrides, each
// environment's variant). A part the change left alone takes the current version's; a part
// both sides changed differently keeps the proposal and is reported as a conflict.
import type { ConfigBody, ConfigState, Variant } from "./config_state.ts";
import { diffJson } from "./json_diff.ts";
import type { Json } from "./overrides.ts";

const same = (a: unknown, b: unknown) => diffJson(a as Json, b as Json, 1).length === 0;

export type Rebased = { state: ConfigState; conflicts: string[] };

export function rebaseState(
  base: ConfigState,
  proposed: ConfigState,
  current: ConfigState,
): Rebased {
  const conflicts: string[] = [];
  const pick = <T>(path: string, b: T, p: T, c: T): T => {
    if (same(p, b)) return c;
    if (!same(c, b) && !same(c, p)) conflicts.push(path);
    return p;
  };
  const body = <K extends keyof ConfigBody>(k: K): ConfigBody[K] =>
    pick(`base.${k}`, base.base[k], proposed.base[k], current.base[k]);
  const byEnv = (s: ConfigState) => new Map(s.variants.map((v) => [v.environmentId, v]));
  const [vb, vp, vc] = [byEnv(base), byEnv(proposed), byEnv(current)];
  const variants: Variant[] = [];
  for (const env of new Set([...vc.keys(), ...vp.keys()])) {
    const v = pick(`variants["${env}"]`, vb.get(env), vp.get(env), vc.get(env));
    if (v) variants.push(v);
  }
  return {
    state: {
      description: pick("description", base.description, proposed.description, current.description),
      members: pick("members", base.members, proposed.members, current.members),
      base: { value: body("value"), schema: body("schema"), overrides: body("overrides") },
      variants,
    },
    conflicts,
  };
}
