// Which configs a project's overrides reference, and which of those references dangle (name
// a config the project does not have): for the override builder and the delete dialog.
// targeting/uses.ts is a leaf: render.ts would bring the compiler and zod into the bundle.
import { usesOf } from "../../src/domain/targeting/uses.ts";
import type { ConfigSummary, Override } from "./types.ts";

const referencedConfigNames = (overrides: Override[]) => usesOf(overrides).references;

/** True when the project's configs are known and none is called `name` (itself aside). */
export function isDangling(
  name: string,
  allConfigs: readonly ConfigSummary[] | undefined,
  self: string,
): boolean {
  return !!name && name !== self && !!allConfigs && !allConfigs.some((c) => c.name === name);
}

/** The names `overrides` reference that no config of the project has, sorted. */
export function danglingNames(
  overrides: Override[],
  allConfigs: readonly ConfigSummary[] | undefined,
  self: string,
): string[] {
  return [...referencedConfigNames(overrides)].filter((n) => isDangling(n, allConfigs, self))
    .sort();
}

type WithOverrides = { name: string; overrides: Override[]; variants: { overrides: Override[] }[] };

/** The other configs whose overrides (base or any environment's) reference `name`, sorted. */
export function referrersOf(configs: readonly WithOverrides[], name: string): string[] {
  return configs
    .filter((c) =>
      c.name !== name &&
      [c, ...c.variants].some((body) => referencedConfigNames(body.overrides).has(name))
    )
    .map((c) => c.name)
    .sort();
}
