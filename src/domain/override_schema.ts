// Validation of the stored override form (REPLANE_COMPAT.md §2.1), and the Issue type all
// validators report so the HTTP layer can answer 400 {error, issues: [{path, message}]}.
// Dialtone accepts what Replane accepts (a literal is a scalar or an array of scalars),
// and rejects only what can never work: an `in`/`not_in` literal that is not an array
// (the SDK always answers "unknown"), an array literal for any other operator (it never
// matches), fromPercentage > toPercentage, an empty property name, a negative or
// fractional path index; plus the size limits in limits.ts.

import { z } from "zod";
import { jsonByteLength, jsonValueProblem, LIMITS } from "./limits.ts";
import { configNameSchema, mustBe, quote } from "./names.ts";
import type { Condition, ConditionValue, Json, Override, PropertyOperator } from "./overrides.ts";
import { PROPERTY_OPERATORS } from "./overrides.ts";

export type Issue = { path: string; message: string };

/** `overrides` + [0, "conditions", 1, "seed"] → `overrides[0].conditions[1].seed`. */
export function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

function fieldOf(path: readonly PropertyKey[]): string {
  const last = path.at(-1);
  if (last === undefined) return "value";
  if (typeof last !== "number") return String(last);
  const parent = path.at(-2);
  return typeof parent === "string" ? `${parent}[${last}]` : `[${last}]`;
}

/** A zod error function for a wrong type, naming the field from the issue's path. */
const mustBeHere = (what: string) => (iss: { input?: unknown; path?: PropertyKey[] }) =>
  mustBe(fieldOf(iss.path ?? []), what)(iss);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A zod error map that names the field and quotes the value. Schema-level messages
 * take precedence; pass it as `schema.safeParse(x, { error: describeIssue })`.
 */
export function describeIssue(iss: z.core.$ZodRawIssue): string | undefined {
  const field = fieldOf(iss.path ?? []);
  switch (iss.code) {
    case "invalid_type": {
      const a = /^[aeiou]/.test(iss.expected) ? "an" : "a";
      return mustBe(field, iss.expected === "null" ? "null" : `${a} ${iss.expected}`)(iss);
    }
    case "too_small":
    case "too_big": {
      const big = iss.code === "too_big";
      const bound = String(big ? iss.maximum : iss.minimum);
      const word = big
        ? (iss.inclusive ? "at most" : "less than")
        : (iss.inclusive ? "at least" : "greater than");
      if (iss.origin === "array") return `${field} must have ${word} ${bound} items`;
      const unit = iss.origin === "string" ? " characters" : "";
      return `${field} ${quote(iss.input)} must be ${word} ${bound}${unit}`;
    }
    case "invalid_value":
      return `${field} ${quote(iss.input)} must be ${iss.values.map((v) => quote(v)).join(" or ")}`;
    case "invalid_union": {
      if (!("discriminator" in iss) || typeof iss.discriminator !== "string") return undefined;
      const value = isRecord(iss.input) ? iss.input[iss.discriminator] : undefined;
      const options = ("options" in iss && Array.isArray(iss.options) ? iss.options : [])
        .map((o) => quote(o)).join(", ");
      const shown = value === undefined ? "is required and" : quote(value);
      return `${iss.discriminator} ${shown} must be one of ${options}`;
    }
    case "unrecognized_keys":
      return `unknown field(s) ${iss.keys.map((k) => quote(k)).join(", ")}`;
    default:
      return undefined;
  }
}

/** Converts a zod error to Issues whose paths start at `root`. */
export function issuesFromZod(error: z.ZodError, root = ""): Issue[] {
  return error.issues.slice(0, LIMITS.maxIssues).map((iss) => ({
    path: formatPath(root, iss.path),
    message: iss.message,
  }));
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

/** Parses `input` with readable messages; issue paths start at `root`. */
export function parseWithIssues<T>(schema: z.ZodType<T>, input: unknown, root = ""): Parsed<T> {
  const result = schema.safeParse(input, { error: describeIssue });
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, issues: issuesFromZod(result.error, root) };
}

/** Any JSON value within the depth and size limits (config values, override values). */
export function jsonValueSchema(field = "value") {
  return z.custom<Json>().check((ctx) => {
    const problem = jsonValueProblem(ctx.value);
    if (problem) {
      ctx.issues.push({ code: "custom", input: ctx.value, message: `${field} ${problem}` });
    }
  });
}

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: mustBeHere("a string, number, boolean or null"),
});

const literalValueSchema = z.object({
  type: z.literal("literal"),
  value: z.union([scalar, z.array(scalar).max(LIMITS.maxListItems)], {
    error: mustBeHere("a string, number, boolean, null or an array of those"),
  }),
});

const pathSegment = z.union([
  z.string().max(LIMITS.maxReferencePathSegmentLength),
  z.number().int().min(0),
], { error: mustBeHere("a string or a non-negative integer") });

const referenceValueSchema = z.object({
  type: z.literal("reference"),
  projectId: z.string().min(1, { error: "projectId must not be empty" }),
  configName: configNameSchema("configName"),
  path: z.array(pathSegment).max(LIMITS.maxReferencePathLength),
});

export const conditionValueSchema: z.ZodType<ConditionValue> = z.discriminatedUnion("type", [
  literalValueSchema,
  referenceValueSchema,
]);

const property = z.string({ error: mustBe("property", "a string") })
  .min(1, { error: "property must not be empty" })
  .max(LIMITS.maxPropertyNameLength);

const SET_OPERATORS: readonly PropertyOperator[] = ["in", "not_in"];

const propertyConditionSchema = z.object({
  operator: z.enum(PROPERTY_OPERATORS),
  property,
  value: conditionValueSchema,
}).check((ctx) => {
  const { operator, value } = ctx.value;
  if (value.type !== "literal") return;
  const wantsList = SET_OPERATORS.includes(operator);
  if (wantsList === Array.isArray(value.value)) return;
  ctx.issues.push({
    code: "custom",
    input: value.value,
    path: ["value", "value"],
    message: `value ${quote(value.value)} must ${wantsList ? "" : "not "}be an array ` +
      `for operator "${operator}"`,
  });
});

const percentage = z.number().min(0).max(100);

const segmentationSchema = z.object({
  operator: z.literal("segmentation"),
  property,
  fromPercentage: percentage,
  toPercentage: percentage,
  seed: z.string({ error: mustBe("seed", "a string") }).max(LIMITS.maxSeedLength),
}).check((ctx) => {
  const { fromPercentage: from, toPercentage: to } = ctx.value;
  if (from > to) {
    ctx.issues.push({
      code: "custom",
      input: from,
      path: ["fromPercentage"],
      message: `fromPercentage ${from} must not exceed toPercentage ${to}`,
    });
  }
});

// The tree without the depth/count guard; the guard runs once at each entry point.
const conditionTree: z.ZodType<Condition> = z.discriminatedUnion("operator", [
  propertyConditionSchema,
  segmentationSchema,
  z.object({
    operator: z.enum(["and", "or"]),
    get conditions(): z.ZodArray<z.ZodType<Condition>> {
      return z.array(conditionTree);
    },
  }),
  z.object({
    operator: z.literal("not"),
    get condition(): z.ZodType<Condition> {
      return conditionTree;
    },
  }),
]);

type Violation = { path: PropertyKey[]; message: string };

// Walks unparsed input iteratively: depth first, then the node count of the whole list.
function measureConditions(roots: readonly unknown[]): Violation | undefined {
  let nodes = 0;
  for (const [i, root] of roots.entries()) {
    const stack: [unknown, number][] = [[root, 1]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      if (depth > LIMITS.maxConditionDepth) {
        return {
          path: [i],
          message: `condition nests deeper than ${LIMITS.maxConditionDepth} levels`,
        };
      }
      if (++nodes > LIMITS.maxConditionsPerOverride) {
        return {
          path: [],
          message: `conditions has more than ${LIMITS.maxConditionsPerOverride} conditions, ` +
            "counting nested ones",
        };
      }
      if (!isRecord(node)) continue;
      const op = node.operator;
      const children = op === "not"
        ? [node.condition]
        : op === "and" || op === "or"
        ? node.conditions
        : [];
      if (Array.isArray(children)) { for (const c of children) stack.push([c, depth + 1]); }
    }
  }
  return undefined;
}

function guarded<T>(schema: z.ZodType<T>, asList: boolean) {
  return z.unknown().check((ctx) => {
    if (asList && !Array.isArray(ctx.value)) return; // the array schema reports the type
    const found = measureConditions(asList ? ctx.value as unknown[] : [ctx.value]);
    if (found) {
      const path = asList ? found.path : found.path.slice(1);
      ctx.issues.push({ code: "custom", input: ctx.value, path, message: found.message });
    }
  }).pipe(schema);
}

/** One condition (a whole tree), within the depth and count limits. */
export const conditionSchema: z.ZodType<Condition, unknown> = guarded(conditionTree, false);

export const overrideSchema: z.ZodType<Override, unknown> = z.object({
  name: z.string({ error: mustBe("name", "a string") }).max(LIMITS.maxOverrideNameLength),
  conditions: guarded(z.array(conditionTree), true),
  value: jsonValueSchema("value"),
});

export const overridesSchema: z.ZodType<Override[], unknown> = z.array(overrideSchema)
  .max(LIMITS.maxOverrides, {
    error: (iss) =>
      `overrides has ${(iss.input as unknown[]).length} items; the limit is ${LIMITS.maxOverrides}`,
  })
  .check((ctx) => {
    const bytes = jsonByteLength(ctx.value);
    if (bytes > LIMITS.maxOverridesBytes) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: `overrides are ${bytes} bytes of JSON; the limit is ${LIMITS.maxOverridesBytes}`,
      });
    }
  });

/**
 * References may point only into `projectId` and only at configs that exist.
 * A config may reference itself: a reference resolves to the target's value without
 * its overrides, so no reference can form a cycle. Pass `selfName` so a config being
 * created (not yet stored) may do so too.
 */
export function checkReferences(
  overrides: readonly Override[],
  projectId: string,
  configExists: (name: string) => boolean,
  options: { root?: string; selfName?: string } = {},
): Issue[] {
  const issues: Issue[] = [];
  const visit = (c: Condition, path: string): void => {
    if ("conditions" in c) {
      c.conditions.forEach((child, i) => visit(child, `${path}.conditions[${i}]`));
    } else if ("condition" in c) {
      visit(c.condition, `${path}.condition`);
    } else if ("value" in c && c.value.type === "reference") {
      const ref = c.value;
      if (ref.projectId !== projectId) {
        issues.push({
          path: `${path}.value.projectId`,
          message: `projectId ${quote(ref.projectId)} must be this config's project ` +
            `${quote(projectId)}: references cannot leave the project`,
        });
      } else if (ref.configName !== options.selfName && !configExists(ref.configName)) {
        issues.push({
          path: `${path}.value.configName`,
          message: `configName ${quote(ref.configName)} names no config in this project`,
        });
      }
    }
  };
  const root = options.root ?? "overrides";
  overrides.forEach((o, i) =>
    o.conditions.forEach((c, j) => visit(c, `${root}[${i}].conditions[${j}]`))
  );
  return issues;
}
