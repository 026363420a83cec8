// Planning a project rollback: from the configs as they are and as they were at time T, the
// writes that bring back T's state (the whole project, or what one environment serves).
// Pure: the service reads the history and writes the plan in one transaction.
import { type ConfigState, stateOf, type Variant } from "./config_state.ts";
import { diffJson, type JsonChange } from "./json_diff.ts";
import type { Json } from "./overrides.ts";

type Live = ConfigState & { id: string; name: string; version: number };
type Was = { name: string; version: number; state: ConfigState };

export type RollbackStep<L extends Live = Live> =
  | { kind: "update"; name: string; current: L; state: ConfigState; fromVersion: number | null }
  | { kind: "create"; name: string; state: ConfigState; fromVersion: number }
  | { kind: "delete"; name: string; current: L };

export type RollbackPlan<L extends Live = Live> = {
  steps: RollbackStep<L>[];
  /** Configs left as they are, with why (an environment rollback neither creates nor deletes). */
  skipped: { name: string; reason: string }[];
};

export type RollbackInput<L extends Live> = {
  live: readonly L[];
  was: readonly Was[];
  /** Environments that exist now, with when they were made. */
  environments: readonly { id: string; createdAt: string }[];
  at: string;
  /** null: the whole project. */
  environmentId: string | null;
};

const same = (a: unknown, b: unknown) => diffJson(a as Json, b as Json, 1).length === 0;

export function planRollback<L extends Live>(input: RollbackInput<L>): RollbackPlan<L> {
  const exists = new Set(input.environments.map((e) => e.id));
  const newer = new Set(
    input.environments.filter((e) => Date.parse(e.createdAt) > Date.parse(input.at)).map((e) =>
      e.id
    ),
  );
  const was = new Map(input.was.map((w) => [w.name, w]));
  const live = new Map(input.live.map((c) => [c.name, c]));
  const steps: RollbackStep<L>[] = [];
  const skipped: RollbackPlan["skipped"] = [];
  const env = input.environmentId;
  for (const current of input.live) {
    const then = was.get(current.name);
    if (!then) {
      if (env === null) steps.push({ kind: "delete", name: current.name, current });
      else skipped.push({ name: current.name, reason: "created after that time" });
      continue;
    }
    const state = env === null
      ? projectState(current, then.state, exists, newer)
      : environmentState(current, then.state, env);
    if (!same(diffable(stateOf(current)), diffable(state))) {
      steps.push({ kind: "update", name: current.name, current, state, fromVersion: then.version });
    }
  }
  for (const then of input.was) {
    if (live.has(then.name)) continue;
    if (env !== null) {
      skipped.push({ name: then.name, reason: "deleted since; roll back the whole project" });
      continue;
    }
    const state = {
      ...then.state,
      variants: then.state.variants.filter((v) => exists.has(v.environmentId)),
    };
    steps.push({ kind: "create", name: then.name, state, fromVersion: then.version });
  }
  steps.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { steps, skipped };
}

/**
 * T's description, base and variants; members stay as they are (access is not rolled back),
 * and so do variants of environments made after T (they had no state then).
 */
function projectState(
  current: Live,
  then: ConfigState,
  exists: ReadonlySet<string>,
  newer: ReadonlySet<string>,
): ConfigState {
  const variants = [
    ...then.variants.filter((v) => exists.has(v.environmentId) && !newer.has(v.environmentId)),
    ...current.variants.filter((v) => newer.has(v.environmentId)),
  ];
  return { ...then, members: current.members, variants };
}

/** The current state, serving in `env` what it served at T (T's variant, else T's base). */
function environmentState(current: Live, then: ConfigState, env: string): ConfigState {
  const others = current.variants.filter((v) => v.environmentId !== env);
  const old = then.variants.find((v) => v.environmentId === env);
  let variant: Variant | null = old ?? null;
  if (!old) {
    const baseUnchanged = same(
      [current.base.value, current.base.overrides],
      [then.base.value, then.base.overrides],
    );
    variant = baseUnchanged ? null : {
      environmentId: env,
      value: then.base.value,
      overrides: then.base.overrides,
      schema: null,
      useBaseSchema: true,
    };
  }
  return { ...current, variants: variant ? [...others, variant] : others };
}

/** Variants and members keyed by environment id and email, so a diff shows what changed. */
function diffable(s: ConfigState | null): Json {
  if (s === null) return {};
  return {
    description: s.description,
    base: s.base,
    variants: Object.fromEntries(s.variants.map(({ environmentId, ...v }) => [environmentId, v])),
    members: Object.fromEntries(s.members.map((m) => [m.email, m.role])),
  } as unknown as Json;
}

/** What a step changes, as a diff of the config's state. */
export function stepChanges(step: RollbackStep): JsonChange[] {
  switch (step.kind) {
    case "update":
      return diffJson(diffable(step.current), diffable(step.state));
    case "create":
      return diffJson(diffable(null), diffable(step.state));
    case "delete":
      return diffJson(diffable(step.current), diffable(null));
  }
}
