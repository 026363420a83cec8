// A config's body as the admin API accepts it, and every check on it, in one place: the
// Replane routes, PATCH, import and restore all end in checkConfigState().
import { z } from "zod";
import { checkSchema, validateValue } from "../../domain/json_schema.ts";
import { LIMITS } from "../../domain/limits.ts";
import { email, quote } from "../../domain/names.ts";
import {
  checkReferences,
  type Issue,
  jsonValueSchema,
  overridesSchema,
} from "../../domain/override_schema.ts";
import type { Json, Override } from "../../domain/overrides.ts";
import type { ConfigMember, ConfigState, Variant } from "../../store/types.ts";
import { idField, textField } from "./fields.ts";

const schemaField = jsonValueSchema("schema").optional().transform((s) => s ?? null);
const overridesField = overridesSchema.optional().transform((o) => o ?? []);

export const configBodySchema = z.strictObject({
  value: jsonValueSchema("value"),
  schema: schemaField,
  overrides: overridesField,
});

export const variantSchema = z.strictObject({
  environmentId: idField("environmentId"),
  value: jsonValueSchema("value"),
  schema: schemaField,
  overrides: overridesField,
  useBaseSchema: z.boolean().optional().transform((b) => b ?? true),
});

const emails = z.array(email).max(LIMITS.maxMembers);
const variants = z.array(variantSchema).max(LIMITS.maxVariants);

/** Everything of a config but its name; `maintainers` is left out by Replane's clients. */
export const configFields = {
  description: textField("description").optional().transform((d) => d ?? ""),
  editors: emails.optional().transform((e) => e ?? []),
  maintainers: emails.optional(),
  base: configBodySchema,
  variants: variants.optional().transform((v) => v ?? []),
};

export type ConfigInput = {
  description: string;
  editors: string[];
  maintainers?: string[];
  base: { value: Json; schema: Json | null; overrides: Override[] };
  variants: Variant[];
};

/**
 * The state a save writes. Members come from `editors` and `maintainers`; without
 * `maintainers` (Replane's clients never send it) the current maintainers stay.
 */
export function toState(
  input: ConfigInput,
  current: ConfigMember[],
): { state: ConfigState; issues: Issue[] } {
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

export type ConfigContext = {
  projectId: string;
  environmentIds: ReadonlySet<string>;
  configExists(name: string): boolean;
  /** The config's own name: it may reference itself, even before it exists. */
  selfName: string;
  /** Prefix of every issue path, e.g. "data.configs[3]." for an import. */
  root?: string;
};

/** Schemas, values against schemas (override values too), references and environments. */
export function checkConfigState(state: ConfigState, ctx: ConfigContext): Issue[] {
  const root = ctx.root ?? "";
  const issues: Issue[] = [];
  const checkBody = (
    at: string,
    body: { value: Json; schema: Json | null; overrides: Override[] },
    schema: Json | null,
  ) => {
    if (body.schema !== null) issues.push(...checkSchema(body.schema, `${at}.schema`));
    if (schema !== null && checkSchema(schema).length === 0) {
      issues.push(...validateValue(schema, body.value, `${at}.value`));
      body.overrides.forEach((o, i) =>
        issues.push(...validateValue(schema, o.value, `${at}.overrides[${i}].value`))
      );
    }
    issues.push(
      ...checkReferences(body.overrides, ctx.projectId, ctx.configExists, {
        root: `${at}.overrides`,
        selfName: ctx.selfName,
      }),
    );
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
  return issues.slice(0, LIMITS.maxIssues);
}
