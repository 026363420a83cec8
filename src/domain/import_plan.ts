// Planning an import in Replane's export format (REPLANE_COMPAT.md §4): which configs are
// created, replaced or skipped, with variants mapped by environment name and references
// rebased onto the importing project. Pure: the service reads and writes.
import type { ConfigState, Variant } from "./config_state.ts";
import type { Issue } from "./issues.ts";
import { quote } from "./names.ts";
import type { Condition, Json, Override } from "./overrides.ts";

export type ExportedVariant = {
  environmentName: string;
  value: Json;
  schema: Json | null;
  useBaseSchema: boolean;
  overrides: Override[];
};

export type ExportedConfig = {
  name: string;
  description: string;
  value: Json;
  schema: Json | null;
  overrides: Override[];
  variants: ExportedVariant[];
};

export type ImportRequest = {
  configs: ExportedConfig[];
  onConflict: "skip" | "replace";
  /** Exported environment name → this project's name; null drops those variants. */
  environmentMap?: Record<string, string | null>;
  /** Sensitive configs, opened from an encrypted export (src/domain/sealed_export.ts). */
  sensitiveConfigs?: ExportedConfig[];
};

export type PlannedConfig<C> = {
  name: string;
  state: ConfigState;
  current?: C;
  root: string;
  /** From the export's sensitiveConfigs: written sensitive. */
  sensitive: boolean;
};

export type ImportPlan<C> = { plan: PlannedConfig<C>[]; skipped: string[]; issues: Issue[] };

/** Points every reference at `projectId`: an export's references name its own project. */
export function rebase(overrides: Override[], projectId: string): Override[] {
  const visit = (c: Condition): Condition => {
    switch (c.operator) {
      case "and":
      case "or":
        return { ...c, conditions: c.conditions.map(visit) };
      case "not":
        return { ...c, condition: visit(c.condition) };
      case "segmentation":
      case "in_segment":
      case "not_in_segment":
      case "prerequisite":
        return c;
      default:
        return c.value.type === "reference" ? { ...c, value: { ...c.value, projectId } } : c;
    }
  };
  return overrides.map((o) => ({ ...o, conditions: o.conditions.map(visit) }));
}

export function planImport<C extends { members: ConfigState["members"] }>(
  request: ImportRequest,
  project: { id: string; existing: ReadonlyMap<string, C>; envByName: ReadonlyMap<string, string> },
): ImportPlan<C> {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  const plan: PlannedConfig<C>[] = [];
  const skipped: string[] = [];
  const map = request.environmentMap;
  const entries = [
    ...request.configs.map((x, i) => ({ x, root: `data.configs[${i}].`, sensitive: false })),
    ...(request.sensitiveConfigs ?? []).map((x, i) => ({
      x,
      root: `data.sensitiveConfigs[${i}].`,
      sensitive: true,
    })),
  ];
  entries.forEach(({ x, root, sensitive }) => {
    if (seen.has(x.name)) {
      issues.push({ path: `${root}name`, message: `name ${quote(x.name)} appears twice` });
    }
    seen.add(x.name);
    const current = project.existing.get(x.name);
    if (current && request.onConflict === "skip") return void skipped.push(x.name);
    const variants = x.variants.flatMap((v, j): Variant[] => {
      const mapped = map && Object.hasOwn(map, v.environmentName)
        ? map[v.environmentName]!
        : v.environmentName;
      if (mapped === null) return [];
      const environmentId = project.envByName.get(mapped);
      if (environmentId === undefined) {
        issues.push({
          path: `${root}variants[${j}].environmentName`,
          message: `environmentName ${quote(mapped)} names no environment of this project; ` +
            "map it with environmentMap",
        });
        return [];
      }
      return [{
        environmentId,
        value: v.value,
        schema: v.schema,
        useBaseSchema: v.useBaseSchema,
        overrides: rebase(v.overrides, project.id),
      }];
    });
    const state: ConfigState = {
      description: x.description,
      base: { value: x.value, schema: x.schema, overrides: rebase(x.overrides, project.id) },
      variants,
      members: current?.members ?? [],
    };
    plan.push({ name: x.name, state, current, root, sensitive });
  });
  return { plan, skipped, issues };
}
