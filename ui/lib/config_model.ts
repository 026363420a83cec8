// Helpers over a config's base and variants.
import type { ConfigBody, ConfigDetail, ConfigWrite, Json, Variant } from "./types.ts";

export type Scope = "base" | string;

/** What an environment serves: its variant when it has one, else the base. */
export function effective(config: { base: ConfigBody; variants: Variant[] }, envId: string | null) {
  const variant = envId ? config.variants.find((v) => v.environmentId === envId) : undefined;
  return { body: variant ?? config.base, variant };
}

/** The schema a body is checked against: a variant may reuse the base schema. */
export function schemaFor(
  config: { base: ConfigBody; variants: Variant[] },
  scope: Scope,
): Json | null {
  if (scope === "base") return config.base.schema;
  const variant = config.variants.find((v) => v.environmentId === scope);
  if (!variant) return config.base.schema;
  return variant.useBaseSchema ? config.base.schema : variant.schema;
}

export function toWrite(config: ConfigDetail): ConfigWrite {
  return {
    description: config.description,
    editors: config.editors ?? [],
    maintainers: config.maintainers ?? [],
    base: config.base,
    variants: config.variants,
    sensitive: config.sensitive,
  };
}

export function kindOf(value: Json): "boolean" | "number" | "string" | "object" | "array" | "null" {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value as "boolean" | "number" | "string" | "object";
}

export function countOverrides(config: { base: ConfigBody; variants: Variant[] }): number {
  return config.base.overrides.length + config.variants.reduce((n, v) => n + v.overrides.length, 0);
}

const equalJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
export { equalJson };
