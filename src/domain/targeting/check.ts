// Save-time checks of a config's targeting: compiling each body reports prerequisite cycles,
// nesting and expansion limits (issues: the save is refused) and names of segments, groups,
// slices and configs that do not exist (warnings: stored, never matching until they exist).
import type { ConfigState } from "../config_state.ts";
import type { Issue } from "../issues.ts";
import { compileFor, type RenderSource } from "../render.ts";
import type { ExclusionGroup, Segment } from "./model.ts";

export type TargetingContext = {
  segments: ReadonlyMap<string, Segment>;
  groups: ReadonlyMap<string, ExclusionGroup>;
  /** Configs prerequisites can reach (the saved one's current form is replaced by the new). */
  configs: ReadonlyMap<string, RenderSource>;
  /**
   * Segments and groups the stored version already names. Naming one that does not exist is
   * refused, unless the stored version did too (it was deleted since: a warning).
   */
  before?: { segments: ReadonlySet<string>; groups: ReadonlySet<string> };
};

export function checkTargeting(
  self: { projectId: string; name: string },
  state: ConfigState,
  ctx: TargetingContext,
  root = "",
): { issues: Issue[]; warnings: Issue[] } {
  const source: RenderSource = {
    projectId: self.projectId,
    name: self.name,
    value: state.base.value,
    overrides: state.base.overrides,
    variants: state.variants,
  };
  const lookup = (name: string) => (name === self.name ? source : ctx.configs.get(name));
  const targets = {
    segment: (n: string) => ctx.segments.get(n),
    group: (n: string) => ctx.groups.get(n),
  };
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  // The base is what environments without a variant see; "" is no environment's id.
  const bodies: [string, string][] = [
    ["", `${root}base.overrides`],
    ...state.variants.map((v, i): [string, string] => [
      v.environmentId,
      `${root}variants[${i}].overrides`,
    ]),
  ];
  for (const [environmentId, at] of bodies) {
    const { problems } = compileFor(source, environmentId, lookup, targets, { root: at });
    for (const { severity, missing, ...issue } of problems) {
      const known = missing &&
        (missing.kind === "segment" ? ctx.before?.segments : ctx.before?.groups)?.has(missing.name);
      const refuse = severity === "issue" || (missing !== undefined && !known);
      (refuse ? issues : warnings).push(issue);
    }
  }
  return { issues, warnings };
}
