// A config's state (what a version records) and every rule on it: the state a save writes,
// the checks it must pass, the warnings it earns, and the permissions each change needs.
// Every write path (the admin API, import, restore, environment changes) uses these.
import type { Issue } from "./issues.ts";
import { diffJson } from "./json_diff.ts";
import { checkSchema, validateValue } from "./json_schema.ts";
import { assumedDraftWarning } from "./schema_draft.ts";
import { LIMITS } from "./limits.ts";
import { quote } from "./names.ts";
import { checkReferences, conditionWarnings } from "./override_schema.ts";
import { isSplit, type Json, type Override } from "./overrides.ts";
import type { Action, ConfigRole } from "./permissions.ts";
import { checkTargeting, type TargetingContext } from "./targeting/check.ts";
import { usesOf } from "./targeting/uses.ts";

/** The value, schema and overrides of a config's base or of one environment's variant. */
export type ConfigBody = { value: Json; schema: Json | null; overrides: Override[] };

export type Variant = ConfigBody & { environmentId: string; useBaseSchema: boolean };

export type ConfigMember = { email: string; role: ConfigRole };

/** Everything a config version records; what a save writes and a restore brings back. */
export type ConfigState = {
  description: string;
  base: ConfigBody;
  variants: Variant[];
  members: ConfigMember[];
};

/** A config as the admin API takes it: members as two email lists. */
export type ConfigInput = {
  description: string;
  editors: string[];
  /** Left out by Replane's clients: then the current maintainers stay. */
  maintainers?: string[];
  base: ConfigBody;
  variants: Variant[];
  /** Mark the config sensitive or plain (docs/sensitive_values.md); unset keeps it. */
  sensitive?: boolean;
};

/** Problems refuse a write; warnings go back with the answer to a write that succeeded. */
export type Checked = { issues: Issue[]; warnings: Issue[] };

/** The state a save writes; a person listed as editor and maintainer is an issue. */
export function toState(input: ConfigInput, current: ConfigMember[]): {
  state: ConfigState;
  issues: Issue[];
} {
  const issues: Issue[] = [];
  const maintainers = input.maintainers ??
    current.filter((m) => m.role === "maintainer").map((m) => m.email);
  const members = new Map<string, ConfigMember>();
  maintainers.forEach((e) => members.set(e, { email: e, role: "maintainer" }));
  input.editors.forEach((e, i) => {
    if (members.get(e)?.role === "maintainer") {
      issues.push({
        path: `editors[${i}]`,
        message: `editors[${i}] ${quote(e)} is a maintainer of this config; ` +
          "a person is either an editor or a maintainer",
      });
    }
    members.set(e, { email: e, role: "editor" });
  });
  const state: ConfigState = {
    description: input.description,
    base: input.base,
    variants: input.variants,
    members: [...members.values()].sort((a, b) => a.email < b.email ? -1 : 1),
  };
  return { state, issues };
}

/** What the checks need to know of the project. */
export type ConfigContext = {
  projectId: string;
  environmentIds: ReadonlySet<string>;
  configExists(name: string): boolean;
  /** The config's own name: it may reference itself, even before it exists. */
  selfName: string;
  /** Prefix of every issue path, e.g. "data.configs[3]." for an import. */
  root?: string;
  /** Segments, groups and prerequisite configs; without it targeting is not checked. */
  targeting?: TargetingContext;
};

/** Schemas, values against schemas (override values too), references and environments. */
export function checkConfigState(state: ConfigState, ctx: ConfigContext): Checked {
  const root = ctx.root ?? "";
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const checkBody = (at: string, body: ConfigBody, schema: Json | null) => {
    if (body.schema !== null) {
      issues.push(...checkSchema(body.schema, `${at}.schema`));
      const assumed = assumedDraftWarning(body.schema);
      if (assumed) warnings.push({ path: `${at}.schema.$schema`, message: assumed });
    }
    if (schema !== null && checkSchema(schema).length === 0) {
      issues.push(...validateValue(schema, body.value, `${at}.value`));
      body.overrides.forEach((o, i) => {
        if (!isSplit(o)) {
          return issues.push(...validateValue(schema, o.value, `${at}.overrides[${i}].value`));
        }
        o.split.variants.forEach((v, k) =>
          issues.push(
            ...validateValue(schema, v.value, `${at}.overrides[${i}].split.variants[${k}].value`),
          )
        );
      });
    }
    const refs = checkReferences(body.overrides, ctx.projectId, ctx.configExists, {
      root: `${at}.overrides`,
      selfName: ctx.selfName,
    });
    issues.push(...refs.issues);
    warnings.push(...conditionWarnings(body.overrides, `${at}.overrides`), ...refs.warnings);
  };
  checkBody(`${root}base`, state.base, state.base.schema);
  const seen = new Set<string>();
  state.variants.forEach((v, i) => {
    const at = `${root}variants[${i}]`;
    if (!ctx.environmentIds.has(v.environmentId)) {
      issues.push({
        path: `${at}.environmentId`,
        message: `environmentId ${quote(v.environmentId)} names no environment of this project`,
      });
    } else if (seen.has(v.environmentId)) {
      issues.push({
        path: `${at}.environmentId`,
        message: `environmentId ${quote(v.environmentId)} has more than one variant`,
      });
    }
    seen.add(v.environmentId);
    checkBody(at, v, v.useBaseSchema ? state.base.schema : v.schema);
  });
  if (ctx.targeting) {
    const t = checkTargeting(
      { projectId: ctx.projectId, name: ctx.selfName },
      state,
      ctx.targeting,
      root,
    );
    issues.push(...t.issues);
    warnings.push(...t.warnings);
  }
  return {
    issues: issues.slice(0, LIMITS.maxIssues),
    warnings: warnings.slice(0, LIMITS.maxIssues),
  };
}

/** Warnings for deleting `name`: each other config whose overrides reference it. */
export function deleteWarnings(
  name: string,
  others: readonly ({ name: string } & Pick<ConfigState, "base" | "variants">)[],
): Issue[] {
  const warnings: Issue[] = [];
  for (const other of others) {
    if (other.name === name) continue;
    const uses = [other.base, ...other.variants].some((b) => {
      const u = usesOf(b.overrides);
      return u.references.has(name) || u.prerequisites.has(name);
    });
    if (!uses) continue;
    warnings.push({
      path: "",
      message: `config ${quote(other.name)} references ${quote(name)}; ` +
        "those conditions will not match until a config of that name exists again",
    });
  }
  return warnings.slice(0, LIMITS.maxIssues);
}

const same = (a: unknown, b: unknown) => diffJson(a as Json, b as Json, 1).length === 0;

/** The permission each part of a change needs; any save needs at least edit_value. */
export function changeActions(before: ConfigState, after: ConfigState): Set<Action> {
  const need = new Set<Action>(["config.edit_value"]);
  if (!same(before.base.schema, after.base.schema)) need.add("config.edit_schema");
  if (!same(before.base.overrides, after.base.overrides)) need.add("config.edit_overrides");
  if (!same(before.members, after.members)) need.add("config.members.write");
  const byEnv = (vs: Variant[]) => new Map(vs.map((v) => [v.environmentId, v]));
  const a = byEnv(before.variants);
  const b = byEnv(after.variants);
  for (const env of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(env);
    const y = b.get(env);
    if (x && y) {
      if (!same([x.schema, x.useBaseSchema], [y.schema, y.useBaseSchema])) {
        need.add("config.edit_schema");
      }
      if (!same(x.overrides, y.overrides)) need.add("config.edit_overrides");
    } else {
      // Adding or removing a variant changes what applies in that environment.
      const v = (x ?? y)!;
      if (v.overrides.length > 0) need.add("config.edit_overrides");
      if (v.schema !== null || !v.useBaseSchema) need.add("config.edit_schema");
    }
  }
  return need;
}

/** Only the state's own fields, as JSON (a Config carries more). */
export function stateOf(s: ConfigState): ConfigState {
  return { description: s.description, base: s.base, variants: s.variants, members: s.members };
}

/** The state as the audit log records it. */
export const stateJson = (s: ConfigState) => stateOf(s) as unknown as Json;
