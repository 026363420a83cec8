// Renders a feed config into what one environment's SDKs receive (REPLANE_COMPAT.md §1.1, §2.3):
// the variant's value and overrides when the environment has one, else the base, with every
// reference resolved in that same environment.
import { referencedConfigNames, renderOverrides, walkPath } from "../domain/render.ts";
import type { Json, Override, ReferenceValue, WireConfig } from "../domain/overrides.ts";
import type { FeedConfig } from "../store/changes.ts";

export type ConfigLookup = (name: string) => FeedConfig | undefined;

/** The value and overrides `environmentId` sees. */
export function bodyFor(
  config: FeedConfig,
  environmentId: string,
): { value: Json; overrides: Override[] } {
  for (const v of config.variants) {
    if (v.environmentId === environmentId) return { value: v.value, overrides: v.overrides };
  }
  return { value: config.value, overrides: config.overrides };
}

export function renderWire(
  config: FeedConfig,
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
  config: FeedConfig,
  environmentId: string,
  lookup: ConfigLookup,
): string {
  return JSON.stringify(renderWire(config, environmentId, lookup));
}

/** Names referenced from the base or any variant: a change to one of them re-renders `config`. */
export function dependencies(config: FeedConfig): Set<string> {
  const names = referencedConfigNames(config.overrides);
  for (const v of config.variants) {
    for (const n of referencedConfigNames(v.overrides)) names.add(n);
  }
  return names;
}
