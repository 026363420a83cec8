// Reading evaluation counts (written by evaluation_counter.ts): how often a config was
// evaluated per environment and variant in the last 24 hours, and when last. The basis of the
// dashboard's "evaluated N times in the last 24 h" and of stale-flag hints.
import type { Store } from "../store/store.ts";
import type { Caller } from "./caller.ts";
import { projectTarget } from "./caller.ts";
import { configOr404, projectOr404 } from "./lookup.ts";

/** Hourly buckets counted: the current hour and the 23 before it. */
export const WINDOW_HOURS = 24;

export type VariantEvaluations = { variant: string; count: number; lastEvaluatedAt: string | null };

export type EnvironmentEvaluations = {
  environmentId: string;
  environmentName: string;
  count: number;
  lastEvaluatedAt: string | null;
  variants: VariantEvaluations[];
};

export type ConfigEvaluations = {
  windowHours: number;
  count: number;
  lastEvaluatedAt: string | null;
  environments: EnvironmentEvaluations[];
};

export async function configEvaluations(
  store: Store,
  caller: Caller,
  projectId: string,
  name: string,
  now = Date.now(),
): Promise<ConfigEvaluations> {
  return await store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    await configOr404(tx, p, name);
    const sinceHour = Math.floor(now / 3_600_000) - (WINDOW_HOURS - 1);
    const rows = await tx.evaluations.forConfig(p.id, name, sinceHour);
    const environments: EnvironmentEvaluations[] = [];
    for (const env of await tx.environments.list(p.id)) {
      const variants = rows.filter((r) => r.environmentId === env.id).map((r) => ({
        variant: r.variant,
        count: r.count,
        lastEvaluatedAt: r.lastEvaluatedAt,
      }));
      environments.push({
        environmentId: env.id,
        environmentName: env.name,
        count: sum(variants),
        lastEvaluatedAt: latest(variants),
        variants,
      });
    }
    return {
      windowHours: WINDOW_HOURS,
      count: sum(environments),
      lastEvaluatedAt: latest(environments),
      environments,
    };
  });
}

const sum = (xs: { count: number }[]) => xs.reduce((n, x) => n + x.count, 0);

/** ISO times compare as text. */
const latest = (xs: { lastEvaluatedAt: string | null }[]) =>
  xs.reduce<string | null>(
    (t, x) => (x.lastEvaluatedAt !== null && (t === null || x.lastEvaluatedAt > t)
      ? x.lastEvaluatedAt
      : t),
    null,
  );
