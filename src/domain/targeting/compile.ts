// The targeting compiler: a base's or variant's stored overrides, with segments,
// prerequisites, weighted variants and exclusion groups, become plain Replane overrides
// (REPLANE_COMPAT.md §2.2) that the stock SDK evaluates exactly. docs/targeting.md gives the
// rules; targeting/direct.ts evaluates the same models without compiling, and the property
// tests hold the two together through the published SDK.
//
// Kleene logic is a distributive lattice, so config A's first-match semantics expand into
//   f_i = (o_i ∧ [v_i ∈ V]) ∨ (¬o_i ∧ f_{i+1}),   f_{n+1} = [base ∈ V]
// which is linear in A's size: a prerequisite holds when A's overrides decide a value in V,
// and is unknown when an override of A before the decision is unknown.
import type { ResolveReference } from "../render.ts";
import {
  type Condition,
  isSplit,
  type Json,
  type Override,
  type PercentRange,
  type RenderedCondition,
  type RenderedOverride,
} from "../overrides.ts";
import type { Issue } from "../issues.ts";
import { quote } from "../names.ts";
import { layout } from "./allocation.ts";
import { type ExclusionGroup, type Segment, TARGETING_LIMITS } from "./model.ts";

export type CompileSources = {
  /** The value and stored overrides config `name` (same project) has in this environment. */
  body(name: string): { value: Json; overrides: Override[] } | undefined;
  segment(name: string): Segment | undefined;
  group(name: string): ExclusionGroup | undefined;
  resolve: ResolveReference;
};

/** Which stored override a compiled one came from; `variant` for a weighted rule's variant. */
export type CompiledOrigin = { override: number; rule: string; variant?: string };

/** An issue refuses a save (a cycle, an oversized expansion); a warning does not. */
export type Problem = Issue & {
  severity: "issue" | "warning";
  /** Set for a segment or group that does not exist (a save may refuse a new use of one). */
  missing?: { kind: "segment" | "group"; name: string };
};

export type Compiled = {
  overrides: RenderedOverride[];
  origins: CompiledOrigin[];
  problems: Problem[];
  /** With `explain`: what a compiled node stands for ("in segment \"beta\"", …). */
  labels: Map<RenderedCondition, string>;
};

export type CompileOptions = {
  /** Prefix of problem paths, e.g. "base.overrides". */
  root?: string;
  explain?: boolean;
};

const TRUE = (): RenderedCondition => ({ operator: "and", conditions: [] });
const FALSE = (): RenderedCondition => ({ operator: "or", conditions: [] });
const isTrue = (c: RenderedCondition) => c.operator === "and" && c.conditions.length === 0;
const isFalse = (c: RenderedCondition) => c.operator === "or" && c.conditions.length === 0;

/**
 * Unknown for every context, like a dangling reference: an `in` condition without a list.
 * Neither it nor its negation ever matches.
 */
export const unresolved = (): RenderedCondition =>
  ({ operator: "in", property: "$unresolved" }) as RenderedCondition;

const and = (a: RenderedCondition, b: RenderedCondition): RenderedCondition => {
  if (isFalse(a) || isFalse(b)) return FALSE();
  if (isTrue(a)) return b;
  if (isTrue(b)) return a;
  return { operator: "and", conditions: [a, b] };
};
const or = (a: RenderedCondition, b: RenderedCondition): RenderedCondition => {
  if (isTrue(a) || isTrue(b)) return TRUE();
  if (isFalse(a)) return b;
  if (isFalse(b)) return a;
  return { operator: "or", conditions: [a, b] };
};
const not = (a: RenderedCondition): RenderedCondition =>
  isTrue(a) ? FALSE() : isFalse(a) ? TRUE() : { operator: "not", condition: a };
const all = (list: RenderedCondition[]): RenderedCondition =>
  list.length === 1 ? list[0]! : { operator: "and", conditions: list };

/** JSON equality, key order ignored. */
export function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const y = b as Json[];
    return a.length === y.length && a.every((x, i) => sameJson(x, y[i]!));
  }
  const x = a as Record<string, Json>;
  const y = b as Record<string, Json>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length &&
    keys.every((k) => Object.hasOwn(y, k) && sameJson(x[k]!, y[k]!));
}

/** A bucketing condition: the context value falls in one of `ranges`. */
export function rangeCondition(
  property: string,
  ranges: readonly PercentRange[],
  seed: string,
): RenderedCondition {
  const parts = ranges.map(([fromPercentage, toPercentage]): RenderedCondition => ({
    operator: "segmentation",
    property,
    fromPercentage,
    toPercentage,
    seed,
  }));
  return parts.length === 0 ? FALSE() : parts.length === 1 ? parts[0]! : {
    operator: "or",
    conditions: parts,
  };
}

/** Each variant's ranges: as stored, or a fresh layout when any is missing. */
export function rangesOf(entries: { weight: number; ranges?: PercentRange[]; name: string }[]) {
  return entries.some((e) => !e.ranges) ? layout(entries) : entries.map((e) => e.ranges!);
}

type Scope = {
  /** Configs being compiled, outermost first (a prerequisite on one of them is a cycle). */
  stack: string[];
  /** Inside a prerequisite: where its issues are reported. Undefined at the top. */
  blame?: string;
};

/** Compiles the overrides of config `self` (their problems carry paths under `root`). */
export function compileOverrides(
  self: string,
  overrides: readonly Override[],
  sources: CompileSources,
  options: CompileOptions = {},
): Compiled {
  const problems: Problem[] = [];
  const labels = new Map<RenderedCondition, string>();
  const sizes = new WeakMap<RenderedCondition, number>();
  let expanded = 0;

  const label = (c: RenderedCondition, text: string) => {
    if (options.explain) labels.set(c, text);
    return c;
  };

  const report = (
    scope: Scope,
    path: string,
    severity: Problem["severity"],
    message: string,
    missing?: Problem["missing"],
  ) => {
    if (scope.blame === undefined) {
      return void problems.push(
        missing ? { path, message, severity, missing } : {
          path,
          message,
          severity,
        },
      );
    }
    // A problem inside a prerequisite is the prerequisite's only when it makes a save unsafe.
    if (severity === "warning") return;
    if (problems.some((p) => p.path === scope.blame && p.message === message)) return;
    problems.push({ path: scope.blame, message, severity });
  };

  const size = (c: RenderedCondition): number => {
    const known = sizes.get(c);
    if (known !== undefined) return known;
    let n = 1;
    if (c.operator === "and" || c.operator === "or") {
      for (const x of c.conditions) n += size(x);
    } else if (c.operator === "not") n += size(c.condition);
    sizes.set(c, n);
    return n;
  };

  const condition = (c: Condition, path: string, scope: Scope): RenderedCondition => {
    switch (c.operator) {
      case "and":
      case "or":
        return {
          operator: c.operator,
          conditions: c.conditions.map((x, i) => condition(x, `${path}.conditions[${i}]`, scope)),
        };
      case "not":
        return { operator: "not", condition: condition(c.condition, `${path}.condition`, scope) };
      case "segmentation": {
        const { property, fromPercentage, toPercentage, seed } = c;
        return { operator: "segmentation", property, fromPercentage, toPercentage, seed };
      }
      case "in_segment":
      case "not_in_segment":
        return segment(c.operator, c.segment, path, scope);
      case "prerequisite":
        return prerequisite(c.config, c.values, path, scope);
      default: {
        const value = c.value.type === "literal" ? c.value.value : sources.resolve(c.value);
        if (value !== undefined) return { operator: c.operator, property: c.property, value };
        // Unresolved: the key is left out, so JSON carries no `value` (the type allows reading undefined).
        return { operator: c.operator, property: c.property } as RenderedCondition;
      }
    }
  };

  const segment = (
    operator: "in_segment" | "not_in_segment",
    name: string,
    path: string,
    scope: Scope,
  ): RenderedCondition => {
    const text = `${operator === "in_segment" ? "in" : "not in"} segment ${quote(name)}`;
    const found = sources.segment(name);
    if (!found) {
      report(
        scope,
        `${path}.segment`,
        "warning",
        `segment ${quote(name)} names no segment of this project; the condition will not ` +
          "match until a segment of that name exists",
        { kind: "segment", name },
      );
      return label(unresolved(), `${text} (no such segment)`);
    }
    const inner = found.conditions.map((x) =>
      condition(x, path, { ...scope, blame: scope.blame ?? `${path}.segment` })
    );
    const tree = inner.length === 0 ? TRUE() : all(inner);
    return label(operator === "in_segment" ? tree : { operator: "not", condition: tree }, text);
  };

  const prerequisite = (
    name: string,
    values: Json[],
    path: string,
    scope: Scope,
  ): RenderedCondition => {
    const text = `prerequisite: config ${quote(name)} is ${
      values.map((v) => JSON.stringify(v)).join(" or ")
    }`;
    const at = `${path}.config`;
    const chain = [...scope.stack, name].join(" → ");
    if (scope.stack.includes(name)) {
      report(scope, at, "issue", `prerequisites form a cycle: ${chain}`);
      return label(unresolved(), `${text} (a cycle)`);
    }
    if (scope.stack.length > TARGETING_LIMITS.maxPrerequisiteDepth) {
      report(
        scope,
        at,
        "issue",
        `prerequisites nest deeper than ${TARGETING_LIMITS.maxPrerequisiteDepth} levels: ${chain}`,
      );
      return label(unresolved(), `${text} (nested too deep)`);
    }
    const body = sources.body(name);
    if (!body) {
      report(
        scope,
        at,
        "warning",
        `config ${quote(name)} names no config in this project; the condition will not ` +
          "match until a config of that name exists",
      );
      return label(unresolved(), `${text} (no such config)`);
    }
    const inner =
      list(body.overrides, { stack: [...scope.stack, name], blame: scope.blame ?? at }).out;
    const f = firstMatch(inner, body.value, values);
    const n = size(f);
    if (n > TARGETING_LIMITS.maxPrerequisiteNodes) {
      report(
        scope,
        at,
        "issue",
        `the prerequisite on config ${quote(name)} expands to ${n} conditions; the limit is ` +
          `${TARGETING_LIMITS.maxPrerequisiteNodes}`,
      );
      return label(unresolved(), `${text} (too large)`);
    }
    if (expanded + n > TARGETING_LIMITS.maxExpandedNodes) {
      report(
        scope,
        at,
        "issue",
        `prerequisites expand to more than ${TARGETING_LIMITS.maxExpandedNodes} conditions ` +
          "in all",
      );
      return label(unresolved(), `${text} (too large)`);
    }
    expanded += n;
    return label(f, text);
  };

  const firstMatch = (overrides: RenderedOverride[], base: Json, values: Json[]) => {
    const wanted = (v: Json) => values.some((x) => sameJson(x, v));
    let f = wanted(base) ? TRUE() : FALSE();
    for (let i = overrides.length - 1; i >= 0; i--) {
      const o = overrides[i]!;
      const matched = o.conditions.length === 0 ? TRUE() : all(o.conditions);
      f = wanted(o.value) ? or(matched, and(not(matched), f)) : and(not(matched), f);
    }
    return f;
  };

  const exclusion = (
    ref: { group: string; slice: string },
    path: string,
    scope: Scope,
  ): RenderedCondition => {
    const text = `slice ${quote(ref.slice)} of exclusion group ${quote(ref.group)}`;
    const group = sources.group(ref.group);
    const index = group ? group.slices.findIndex((s) => s.name === ref.slice) : -1;
    if (!group || index < 0) {
      report(
        scope,
        group ? `${path}.slice` : `${path}.group`,
        "warning",
        group
          ? `slice ${quote(ref.slice)} names no slice of exclusion group ${quote(ref.group)}; ` +
            "the rule will not apply until it exists"
          : `group ${quote(ref.group)} names no exclusion group of this project; ` +
            "the rule will not apply until one exists",
        group ? undefined : { kind: "group", name: ref.group },
      );
      return label(unresolved(), `${text} (missing)`);
    }
    return label(rangeCondition(group.property, rangesOf(group.slices)[index]!, group.seed), text);
  };

  function list(overrides: readonly Override[], scope: Scope, root = "overrides") {
    const out: RenderedOverride[] = [];
    const origins: CompiledOrigin[] = [];
    overrides.forEach((o, i) => {
      const at = `${root}[${i}]`;
      const conditions = o.conditions.map((c, j) => condition(c, `${at}.conditions[${j}]`, scope));
      if (!isSplit(o)) {
        out.push({ name: o.name, conditions, value: o.value });
        origins.push({ override: i, rule: o.name });
        return;
      }
      const s = o.split;
      const seed = s.seed ?? o.name;
      const extra = s.exclusion ? [exclusion(s.exclusion, `${at}.split.exclusion`, scope)] : [];
      const ranges = rangesOf(s.variants);
      s.variants.forEach((v, k) => {
        const mine = ranges[k]!;
        if (mine.length === 0) return;
        const where = mine.map(([a, b]) => `[${a}, ${b})`).join(", ");
        const bucket = label(
          rangeCondition(s.property, mine, seed),
          `variant ${quote(v.name)} of rule ${quote(o.name)}: ${s.property} buckets ${where}`,
        );
        out.push({ name: v.name, conditions: [...conditions, ...extra, bucket], value: v.value });
        origins.push({ override: i, rule: o.name, variant: v.name });
      });
    });
    return { out, origins };
  }

  const top = list(overrides, { stack: [self] }, options.root ?? "overrides");
  return { overrides: top.out, origins: top.origins, problems, labels };
}
