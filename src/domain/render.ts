// A config → what one environment's SDKs receive (REPLANE_COMPAT.md §1.1, §2.2, §2.3): the
// variant's value and overrides when the environment has one, else the base, with every
// reference resolved in that same environment. The replica, the evaluate endpoint and the
// replica checks in tests all render through here. Segments, prerequisites, weighted
// variants and exclusion groups are compiled into plain Replane conditions on the way
// (targeting/compile.ts), so every reader of the wire form gets the compiled form.
import { LIMITS } from "./limits.ts";
import type { Json, Override, ReferenceValue, RenderedOverride, WireConfig } from "./overrides.ts";
import { type Compiled, type CompileOptions, compileOverrides } from "./targeting/compile.ts";
import type { ExclusionGroup, Segment } from "./targeting/model.ts";
import { dependencyKeys, usesOf } from "./targeting/uses.ts";

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

/** The segments and exclusion groups of the config's project. */
export type TargetLookup = {
  segment(name: string): Segment | undefined;
  group(name: string): ExclusionGroup | undefined;
};

export const NO_TARGETS: TargetLookup = { segment: () => undefined, group: () => undefined };

/** Compiles the overrides `environmentId` sees (targeting/compile.ts), with provenance. */
export function compileFor(
  config: RenderSource,
  environmentId: string,
  lookup: ConfigLookup,
  targets: TargetLookup = NO_TARGETS,
  options: CompileOptions = {},
): Compiled {
  const resolve = bounded((ref: ReferenceValue): Json | undefined => {
    if (ref.projectId !== config.projectId) return undefined;
    const target = lookup(ref.configName);
    return target === undefined
      ? undefined
      : walkPath(bodyFor(target, environmentId).value, ref.path);
  });
  const body = (name: string) => {
    const target = name === config.name ? config : lookup(name);
    return target === undefined ? undefined : bodyFor(target, environmentId);
  };
  return compileOverrides(config.name, bodyFor(config, environmentId).overrides, {
    body,
    segment: (n) => targets.segment(n),
    group: (n) => targets.group(n),
    resolve,
  }, options);
}

export function renderWire(
  config: RenderSource,
  environmentId: string,
  lookup: ConfigLookup,
  targets: TargetLookup = NO_TARGETS,
): WireConfig {
  return {
    name: config.name,
    value: bodyFor(config, environmentId).value,
    overrides: compileFor(config, environmentId, lookup, targets).overrides,
  };
}

/** The wire JSON text; rendering is deterministic, so equal text means equal state. */
export function renderJson(
  config: RenderSource,
  environmentId: string,
  lookup: ConfigLookup,
  targets: TargetLookup = NO_TARGETS,
): string {
  return JSON.stringify(renderWire(config, environmentId, lookup, targets));
}

/**
 * What a change can reach `config` through, from the base or any variant: referenced config
 * names, and prefixed keys for prerequisites, segments and groups (targeting/uses.ts).
 */
export function dependencies(config: RenderSource): Set<string> {
  const uses = usesOf(config.overrides);
  for (const v of config.variants) usesOf(v.overrides, uses);
  return dependencyKeys(uses);
}

/** Renders overrides that use no targeting objects (segments and the like stay unresolved). */
export function renderOverrides(
  overrides: Override[],
  resolve: ResolveReference,
): RenderedOverride[] {
  return compileOverrides("", overrides, {
    body: () => undefined,
    segment: () => undefined,
    group: () => undefined,
    resolve: bounded(resolve),
  }).overrides;
}

/**
 * `resolve`, bounded to LIMITS.maxResolvedBytes of resolved values per rendered config: one
 * config with thousands of references to a large one would otherwise render to gigabytes and
 * stall the replicator. Past the budget a reference stays unresolved (its condition does not
 * match). Each (config, path) is resolved once per render.
 */
function bounded(resolve: ResolveReference): ResolveReference {
  const seen = new Map<string, { value: Json | undefined; size: number }>();
  let budget = LIMITS.maxResolvedBytes;
  return (ref) => {
    const key = JSON.stringify([ref.projectId, ref.configName, ref.path]);
    let found = seen.get(key);
    if (!found) {
      const value = resolve(ref);
      found = { value, size: value === undefined ? 0 : JSON.stringify(value).length };
      seen.set(key, found);
    }
    if (found.value === undefined || found.size > budget) return undefined;
    budget -= found.size;
    return found.value;
  };
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
  return usesOf(overrides).references;
}
