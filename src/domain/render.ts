// A config → what one environment's SDKs receive (REPLANE_COMPAT.md §1.1, §2.2, §2.3): the
// variant's value and overrides when the environment has one, else the base, with every
// reference resolved in that same environment. The replica, the evaluate endpoint and the
// replica checks in tests all render through here.
import type {
  Condition,
  ConditionValue,
  Json,
  Override,
  ReferenceValue,
  RenderedCondition,
  RenderedOverride,
  WireConfig,
} from "./overrides.ts";

/** A config as rendering needs it (the change feed's FeedConfig is one). */
export type RenderSource = {
  projectId: string;
  name: string;
  value: Json;
  overrides: Override[];
  variants: { environmentId: string; value: Json; overrides: Override[] }[];
};

/** The config of that name in the same project, if there is one. */
export type ConfigLookup = (name: string) => RenderSource | undefined;

/** Resolves a reference to the referenced config's value (without its overrides), or undefined. */
export type ResolveReference = (ref: ReferenceValue) => Json | undefined;

/** The value and overrides `environmentId` sees. */
export function bodyFor(
  config: RenderSource,
  environmentId: string,
): { value: Json; overrides: Override[] } {
  for (const v of config.variants) {
    if (v.environmentId === environmentId) return { value: v.value, overrides: v.overrides };
  }
  return { value: config.value, overrides: config.overrides };
}

export function renderWire(
  config: RenderSource,
  environmentId: string,
  lookup: ConfigLookup,
): WireConfig {
  const body = bodyFor(config, environmentId);
  const resolve = (ref: ReferenceValue): Json | undefined => {
    if (ref.projectId !== config.projectId) return undefined;
    const target = lookup(ref.configName);
    return target === undefined
      ? undefined
      : walkPath(bodyFor(target, environmentId).value, ref.path);
  };
  return {
    name: config.name,
    value: body.value,
    overrides: renderOverrides(body.overrides, resolve),
  };
}

/** The wire JSON text; rendering is deterministic, so equal text means equal state. */
export function renderJson(
  config: RenderSource,
  environmentId: string,
  lookup: ConfigLookup,
): string {
  return JSON.stringify(renderWire(config, environmentId, lookup));
}

/** Names referenced from the base or any variant: a change to one of them re-renders `config`. */
export function dependencies(config: RenderSource): Set<string> {
  const names = referencedConfigNames(config.overrides);
  for (const v of config.variants) {
    for (const n of referencedConfigNames(v.overrides)) names.add(n);
  }
  return names;
}

export function renderOverrides(
  overrides: Override[],
  resolve: ResolveReference,
): RenderedOverride[] {
  return overrides.map((o) => ({
    name: o.name,
    conditions: o.conditions.map((c) => renderCondition(c, resolve)),
    value: o.value,
  }));
}

export function renderCondition(c: Condition, resolve: ResolveReference): RenderedCondition {
  switch (c.operator) {
    case "and":
    case "or":
      return {
        operator: c.operator,
        conditions: c.conditions.map((x) => renderCondition(x, resolve)),
      };
    case "not":
      return { operator: "not", condition: renderCondition(c.condition, resolve) };
    case "segmentation": {
      const { property, fromPercentage, toPercentage, seed } = c;
      return { operator: "segmentation", property, fromPercentage, toPercentage, seed };
    }
    default: {
      const value = renderValue(c.value, resolve);
      if (value !== undefined) return { operator: c.operator, property: c.property, value };
      // Unresolved: the key is left out, so JSON carries no `value` (the type allows reading undefined).
      return { operator: c.operator, property: c.property } as RenderedCondition;
    }
  }
}

function renderValue(v: ConditionValue, resolve: ResolveReference): Json | undefined {
  return v.type === "literal" ? v.value : resolve(v);
}

/**
 * Walks object keys and array indices. Any miss gives undefined; an empty path gives
 * `value` itself; a null found at the end is a real null. Only own keys count, and an
 * array index may be a number or its canonical decimal string ("0", not "00" or "length").
 */
export function walkPath(value: Json, path: (string | number)[]): Json | undefined {
  let current: Json = value;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    let next: Json | undefined;
    if (Array.isArray(current)) {
      const index = typeof part === "number" ? part : canonicalIndex(part);
      next = Number.isInteger(index) && index >= 0 ? current[index] : undefined;
    } else {
      const key = String(part);
      next = Object.hasOwn(current, key) ? current[key] : undefined;
    }
    if (next === undefined) return undefined;
    current = next;
  }
  return current;
}

function canonicalIndex(part: string): number {
  const n = Number(part);
  return String(n) === part ? n : NaN;
}

/** Names of every config referenced anywhere in the condition trees. */
export function referencedConfigNames(overrides: Override[]): Set<string> {
  const names = new Set<string>();
  const visit = (c: Condition): void => {
    switch (c.operator) {
      case "and":
      case "or":
        c.conditions.forEach(visit);
        return;
      case "not":
        visit(c.condition);
        return;
      case "segmentation":
        return;
      default:
        if (c.value.type === "reference") names.add(c.value.configName);
    }
  };
  for (const o of overrides) o.conditions.forEach(visit);
  return names;
}
