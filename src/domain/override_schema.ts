// Validation of the stored override form (REPLANE_COMPAT.md §2.1).
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
import { isRecord, type Issue, mustBeHere } from "./issues.ts";
import { TARGETING_LIMITS } from "./targeting/model.ts";
import { splitSchema } from "./targeting/split_schema.ts";

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

// Replane accepts any number; an index that is negative or fractional finds nothing (a warning).
const pathSegment = z.union([
  z.string().max(LIMITS.maxReferencePathSegmentLength),
  z.number(),
], { error: mustBeHere("a string or a number") });

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
  .max(LIMITS.maxPropertyNameLength);

const propertyConditionSchema = z.object({
  operator: z.enum(PROPERTY_OPERATORS),
  property,
  value: conditionValueSchema,
});

const percentage = z.number().min(0).max(100);

const segmentationSchema = z.object({
  operator: z.literal("segmentation"),
  property,
  fromPercentage: percentage,
  toPercentage: percentage,
  seed: z.string({ error: mustBe("seed", "a string") }).max(LIMITS.maxSeedLength),
});

// Targeting leaves (docs/targeting.md), compiled away before anything reaches an SDK.
const segmentConditionSchema = z.object({
  operator: z.enum(["in_segment", "not_in_segment"]),
  segment: configNameSchema("segment"),
});

const prerequisiteSchema = z.object({
  operator: z.literal("prerequisite"),
  config: configNameSchema("config"),
  values: z.array(jsonValueSchema("values[]"))
    .min(1, { error: "values must list at least one value" })
    .max(TARGETING_LIMITS.maxPrerequisiteValues),
});

// The tree without the depth/count guard; the guard runs once at each entry point.
const conditionTree: z.ZodType<Condition> = z.discriminatedUnion("operator", [
  propertyConditionSchema,
  segmentationSchema,
  segmentConditionSchema,
  prerequisiteSchema,
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

/** A value override, or a weighted rule (`split` in place of `value`, targeting/split_schema.ts). */
export const overrideSchema: z.ZodType<Override, unknown> = z.object({
  name: z.string({ error: mustBe("name", "a string") }).max(LIMITS.maxOverrideNameLength),
  conditions: guarded(z.array(conditionTree), true),
  value: jsonValueSchema("value").optional(),
  split: splitSchema.optional(),
}).check((ctx) => {
  const { value, split } = ctx.value;
  if (value === undefined && split === undefined) {
    ctx.issues.push({
      code: "custom",
      input: ctx.value,
      path: ["value"],
      message: "value is required",
    });
  } else if (value !== undefined && split !== undefined) {
    ctx.issues.push({
      code: "custom",
      input: ctx.value,
      path: ["split"],
      message: "an override has either a value or a split, not both",
    });
  }
}).transform(({ name, conditions, value, split }): Override =>
  split ? { name, conditions, split } : { name, conditions, value: value as Json }
);

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
 * References may point only into `projectId` (an issue otherwise). One to a config that
 * does not exist is a warning, as Replane stores it: the condition stays unresolved (never
 * matches) until a config of that name exists. A config may reference itself: a reference
 * resolves to the target's value without its overrides, so no reference can form a cycle.
 * Pass `selfName` so a config being created (not yet stored) may do so too.
 */
export function checkReferences(
  overrides: readonly Override[],
  projectId: string,
  configExists: (name: string) => boolean,
  options: { root?: string; selfName?: string } = {},
): { issues: Issue[]; warnings: Issue[] } {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const visit = (c: Condition, path: string): void => {
    if ("conditions" in c) {
      c.conditions.forEach((child, i) => visit(child, `${path}.conditions[${i}]`));
    } else if ("condition" in c) {
      visit(c.condition, `${path}.condition`);
    } else if ("property" in c && "value" in c && c.value.type === "reference") {
      const ref = c.value;
      if (ref.projectId !== projectId) {
        issues.push({
          path: `${path}.value.projectId`,
          message: `projectId ${quote(ref.projectId)} must be this config's project ` +
            `${quote(projectId)}: references cannot leave the project`,
        });
      } else if (ref.configName !== options.selfName && !configExists(ref.configName)) {
        warnings.push({
          path: `${path}.value.configName`,
          message: `configName ${quote(ref.configName)} names no config in this project; ` +
            "the condition will not match until a config of that name exists",
        });
      }
    }
  };
  const root = options.root ?? "overrides";
  overrides.forEach((o, i) =>
    o.conditions.forEach((c, j) => visit(c, `${root}[${i}].conditions[${j}]`))
  );
  return { issues, warnings };
}

const SET_OPERATORS: readonly PropertyOperator[] = ["in", "not_in"];

/**
 * Conditions Replane stores although they can never match as written: a list operator with a
 * single value (or the reverse), an empty property, fromPercentage above toPercentage, a
 * reference path index that is negative or fractional. Each is a warning, not a refusal.
 */
export function conditionWarnings(overrides: readonly Override[], root = "overrides"): Issue[] {
  const warnings: Issue[] = [];
  const warn = (path: string, message: string) => warnings.push({ path, message });
  const visit = (c: Condition, path: string): void => {
    if ("conditions" in c) {
      return c.conditions.forEach((child, i) => visit(child, `${path}.conditions[${i}]`));
    }
    if ("condition" in c) return visit(c.condition, `${path}.condition`);
    // Segments, prerequisites and exclusion slices are checked by targeting/check.ts.
    if (!("property" in c)) return;
    if (c.property === "") {
      warn(`${path}.property`, "property is empty: only a context with an empty key matches");
    }
    if (c.operator === "segmentation") {
      if (c.fromPercentage > c.toPercentage) {
        warn(
          `${path}.fromPercentage`,
          `fromPercentage ${c.fromPercentage} exceeds toPercentage ${c.toPercentage}: ` +
            "no one is in this range",
        );
      }
      return;
    }
    const value = c.value;
    if (value.type === "literal") {
      const wantsList = SET_OPERATORS.includes(c.operator);
      if (wantsList !== Array.isArray(value.value)) {
        warn(
          `${path}.value.value`,
          `value ${quote(value.value)} is ${wantsList ? "not " : ""}an array, so operator ` +
            `"${c.operator}" ${
              wantsList ? "never matches" : "treats the whole array as one value"
            }`,
        );
      }
      return;
    }
    value.path.forEach((part, i) => {
      if (typeof part === "number" && !(Number.isInteger(part) && part >= 0)) {
        warn(
          `${path}.value.path[${i}]`,
          `path[${i}] ${part} is not an index, so the reference never resolves`,
        );
      }
    });
  };
  overrides.forEach((o, i) =>
    o.conditions.forEach((c, j) => visit(c, `${root}[${i}].conditions[${j}]`))
  );
  return warnings;
}
