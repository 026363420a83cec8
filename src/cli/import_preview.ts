// What an import would do, worked out on the client from the file and the project's current
// export: for `dialtone import --dry-run`. Pure. The server checks again (schemas, names,
// references) when the import runs, all or nothing. The sealed entries of an encrypted export
// (and the project's own sensitive configs, which its plain export leaves out) are listed by
// name; their values cannot be compared here.
import { diffJson, type JsonChange } from "../domain/json_diff.ts";
import type { Json } from "../domain/overrides.ts";
import type { ExportDoc, ExportedConfig, ExportedVariant } from "./admin_client.ts";

/**
 * `sensitive`: the file's entry is sealed (an encrypted export's). A replace with `changes`
 * null was not compared: the entry is sealed, or the project's config is sensitive.
 */
export type PreviewEntry =
  | { name: string; action: "create" | "skip"; sensitive?: true }
  | { name: string; action: "unchanged" }
  | { name: string; action: "replace"; changes: JsonChange[] | null; sensitive?: true };

export type ImportPreview = { entries: PreviewEntry[]; problems: string[] };

export type PreviewOptions = {
  onConflict: "skip" | "replace";
  environmentMap?: Record<string, string | null>;
  /** The importing project's environment names. */
  environments: readonly string[];
  /** The importing project's sensitive configs (its plain export leaves them out). */
  sensitiveNames?: readonly string[];
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
  const hidden = new Set(options.sensitiveNames ?? []);
  const known = new Set(options.environments);
  const map = options.environmentMap ?? {};
  const problems: string[] = [];
  const seen = new Set<string>();
  const named = (root: string, name: string) => {
    if (seen.has(name)) problems.push(`${root}: the name "${name}" appears twice`);
    seen.add(name);
  };
  /** The environment `name` maps to here (null: dropped); an unknown one is a problem. */
  const mapped = (root: string, name: string): string | null => {
    const to = Object.hasOwn(map, name) ? map[name]! : name;
    if (to !== null && !known.has(to)) {
      problems.push(
        `${root}: environment "${to}" is not in this project ` +
          "(map it with --env-map OLD=NEW, or drop it with OLD=)",
      );
    }
    return to;
  };
  const entries = file.configs.map((c, i): PreviewEntry => {
    named(`configs[${i}]`, c.name);
    const variants = (c.variants ?? []).flatMap((v, j): ExportedVariant[] => {
      const to = mapped(`configs[${i}].variants[${j}]`, v.environmentName);
      return to === null ? [] : [{ ...v, environmentName: to }];
    });
    const had = existing.get(c.name);
    if (!had && !hidden.has(c.name)) return { name: c.name, action: "create" };
    if (options.onConflict === "skip") return { name: c.name, action: "skip" };
    if (!had) return { name: c.name, action: "replace", changes: null };
    const changes = diffJson(normalize(had, had.variants ?? []), normalize(c, variants));
    return changes.length === 0
      ? { name: c.name, action: "unchanged" }
      : { name: c.name, action: "replace", changes };
  });
  const sealed = file.sensitiveConfigs ?? [];
  sealed.forEach((e, i) => {
    const root = `sensitiveConfigs[${i}]`;
    named(root, e.name);
    (e.environmentNames ?? []).forEach((n, j) => mapped(`${root}.environmentNames[${j}]`, n));
    const exists = existing.has(e.name) || hidden.has(e.name);
    entries.push(
      !exists
        ? { name: e.name, action: "create", sensitive: true }
        : options.onConflict === "skip"
        ? { name: e.name, action: "skip", sensitive: true }
        : { name: e.name, action: "replace", changes: null, sensitive: true },
    );
  });
  if (sealed.length > 0 && !file.encryption) {
    problems.push("encryption: the file has sensitiveConfigs but no encryption (salt, data key)");
  }
  return { entries, problems };
}
