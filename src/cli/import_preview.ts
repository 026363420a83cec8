// What an import would do, worked out on the client from the file and the project's current
// export: for `dialtone import --dry-run`. Pure. The server checks again (schemas, names,
// references) when the import runs, all or nothing.
import { diffJson, type JsonChange } from "../domain/json_diff.ts";
import type { Json } from "../domain/overrides.ts";
import type { ExportDoc, ExportedConfig, ExportedVariant } from "./admin_client.ts";

export type PreviewEntry =
  | { name: string; action: "create" }
  | { name: string; action: "skip" }
  | { name: string; action: "unchanged" }
  | { name: string; action: "replace"; changes: JsonChange[] };

export type ImportPreview = { entries: PreviewEntry[]; problems: string[] };

export type PreviewOptions = {
  onConflict: "skip" | "replace";
  environmentMap?: Record<string, string | null>;
  /** The importing project's environment names. */
  environments: readonly string[];
};

/** References name their project; an import moves them to the importing one, so ignore it. */
function withoutProjectIds(value: unknown): Json {
  if (Array.isArray(value)) return value.map(withoutProjectIds);
  if (typeof value !== "object" || value === null) return value as Json;
  const out: Record<string, Json> = {};
  const isReference = (value as { type?: unknown }).type === "reference";
  for (const [k, v] of Object.entries(value)) {
    if (!(isReference && k === "projectId")) out[k] = withoutProjectIds(v);
  }
  return out;
}

function normalize(c: ExportedConfig, variants: ExportedVariant[]): Json {
  return withoutProjectIds({
    description: c.description ?? "",
    value: c.value,
    schema: c.schema ?? null,
    overrides: c.overrides ?? [],
    variants: variants.map((v) => ({
      environmentName: v.environmentName,
      value: v.value,
      schema: v.schema ?? null,
      useBaseSchema: v.useBaseSchema ?? true,
      overrides: v.overrides ?? [],
    })),
  });
}

export function previewImport(
  file: ExportDoc,
  current: ExportDoc,
  options: PreviewOptions,
): ImportPreview {
  const existing = new Map(current.configs.map((c) => [c.name, c]));
  const known = new Set(options.environments);
  const map = options.environmentMap ?? {};
  const problems: string[] = [];
  const seen = new Set<string>();
  const entries = file.configs.map((c, i): PreviewEntry => {
    if (seen.has(c.name)) problems.push(`configs[${i}]: the name "${c.name}" appears twice`);
    seen.add(c.name);
    const variants = (c.variants ?? []).flatMap((v, j): ExportedVariant[] => {
      const mapped = Object.hasOwn(map, v.environmentName)
        ? map[v.environmentName]!
        : v.environmentName;
      if (mapped === null) return [];
      if (!known.has(mapped)) {
        problems.push(
          `configs[${i}].variants[${j}]: environment "${mapped}" is not in this project ` +
            "(map it with --env-map OLD=NEW, or drop it with OLD=)",
        );
      }
      return [{ ...v, environmentName: mapped }];
    });
    const had = existing.get(c.name);
    if (!had) return { name: c.name, action: "create" };
    if (options.onConflict === "skip") return { name: c.name, action: "skip" };
    const changes = diffJson(normalize(had, had.variants ?? []), normalize(c, variants));
    return changes.length === 0
      ? { name: c.name, action: "unchanged" }
      : { name: c.name, action: "replace", changes };
  });
  return { entries, problems };
}
