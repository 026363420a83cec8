// From a project's configs (in Replane's export format, which the dashboard's config also
// maps onto) to one ConfigType each: read from the JSON Schema where there is one, inferred
// from the values where there is not. Pure: the dashboard bundles it.
import { inferType } from "./infer.ts";
import { type ConfigType, pascalCase, schemaToConfigType, union } from "./model.ts";

/** An override serves `value`, or (a weighted split) each of `split.variants[].value`. */
export type CodegenOverride = { value?: unknown; split?: unknown };
type ValueWithOverrides = { value: unknown; overrides?: readonly CodegenOverride[] };

export type CodegenVariant = ValueWithOverrides & {
  schema?: unknown;
  useBaseSchema?: boolean;
};

export type CodegenConfig = ValueWithOverrides & {
  name: string;
  description?: string;
  schema?: unknown;
  variants?: readonly CodegenVariant[];
};

const hasSchema = (s: unknown) => s !== null && s !== undefined;
function served(o: CodegenOverride): unknown[] {
  if ("value" in o) return [o.value];
  const variants = (o.split as { variants?: unknown } | undefined)?.variants;
  return Array.isArray(variants) ? variants.map((v) => (v as { value?: unknown })?.value) : [];
}
const valuesOf = (x: ValueWithOverrides) => [x.value, ...(x.overrides ?? []).flatMap(served)];

/** One config's type, named `typeName` (default: the config name in PascalCase). */
export function configType(config: CodegenConfig, typeName = pascalCase(config.name)): ConfigType {
  const description = config.description ?? "";
  const variants = config.variants ?? [];
  if (!hasSchema(config.schema)) {
    // Variants checked against the base schema have none either: every value counts.
    const values = [config, ...variants].flatMap(valuesOf);
    return {
      configName: config.name,
      typeName,
      description,
      type: inferType(values),
      defs: [],
      source: "values",
    };
  }
  const base = schemaToConfigType(config.name, typeName, description, config.schema);
  // A variant with its own schema (or none) can hold values the base schema refuses.
  const own = variants.filter((v) => v.useBaseSchema === false);
  if (own.length === 0) return base;
  const types = [base.type];
  const defs = [...base.defs];
  own.forEach((v, i) => {
    if (!hasSchema(v.schema)) return void types.push(inferType(valuesOf(v)));
    const read = schemaToConfigType(config.name, `${typeName}Variant${i + 1}`, "", v.schema);
    types.push(read.type);
    defs.push(...read.defs);
  });
  return { ...base, type: union(types), defs };
}

/** Every config's type, with type names made unique ("a-b" and "a_b" are both AB). */
export function configTypes(configs: readonly CodegenConfig[]): ConfigType[] {
  const taken = new Set<string>();
  return [...configs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((c) => {
    let name = pascalCase(c.name);
    for (let n = 2; taken.has(name); n++) name = `${pascalCase(c.name)}${n}`;
    taken.add(name);
    return configType(c, name);
  });
}
