// Validation of weighted rules (Split) in the stored form: names, weights that add up to
// 100 with two decimals at most, ranges that are well formed and do not overlap.
import { z } from "zod";
import { mustBeHere } from "../issues.ts";
import { jsonValueProblem, LIMITS } from "../limits.ts";
import { configNameSchema, mustBe, quote } from "../names.ts";
import type { Json, PercentRange, Split } from "../overrides.ts";
import { FULL, isBasisPointAmount, MAX_RANGES, overlap, toBasisPoints } from "./allocation.ts";
import { TARGETING_LIMITS } from "./model.ts";

const json = (field: string) =>
  z.custom<Json>().check((ctx) => {
    const problem = jsonValueProblem(ctx.value);
    if (problem) {
      ctx.issues.push({ code: "custom", input: ctx.value, message: `${field} ${problem}` });
    }
  });

/** A percentage with two decimals at most, 0..100. */
export const weightSchema = (field: string) =>
  z.number({ error: mustBe(field, "a number") }).min(0).max(100).check((ctx) => {
    if (!isBasisPointAmount(ctx.value)) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: `${field} ${ctx.value} must have at most two decimals`,
      });
    }
  });

const rangeSchema = z.tuple([weightSchema("from"), weightSchema("to")], {
  error: mustBeHere("a [from, to] pair of percentages"),
}).check((ctx) => {
  if (ctx.value[0] >= ctx.value[1]) {
    ctx.issues.push({
      code: "custom",
      input: ctx.value,
      message: `range [${ctx.value[0]}, ${ctx.value[1]}] must start below its end`,
    });
  }
}) as unknown as z.ZodType<PercentRange>;

export const rangesSchema = z.array(rangeSchema).max(MAX_RANGES);

export const entryName = (field: string) =>
  z.string({ error: mustBe(field, "a string") }).min(1, { error: `${field} must not be empty` })
    .max(LIMITS.maxOverrideNameLength);

const splitVariantSchema = z.object({
  name: entryName("name"),
  value: json("value"),
  weight: weightSchema("weight"),
  ranges: rangesSchema.optional(),
});

type Weighted = { name: string; weight: number; ranges?: PercentRange[] };

/**
 * Checks a list of weighted entries (variants, slices): unique names, weights adding up to
 * 100 (or at most 100), ranges of different entries apart.
 */
export function checkWeighted(
  ctx: { value: Weighted[]; issues: z.core.$ZodRawIssue[] },
  field: string,
  exact: boolean,
) {
  const entries = ctx.value;
  const push = (path: PropertyKey[], message: string) =>
    ctx.issues.push({ code: "custom", input: entries, path, message });
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.name)) push([i, "name"], `name ${quote(e.name)} appears twice in ${field}`);
    seen.add(e.name);
  });
  const sum = entries.reduce((s, e) => s + toBasisPoints(e.weight), 0);
  if (exact ? sum !== FULL : sum > FULL) {
    push(
      [],
      `${field} weights add up to ${sum / 100}; they must add up to ${exact ? "" : "at most "}100`,
    );
  }
  const clash = overlap(entries.map((e) => e.ranges ?? []));
  if (clash) {
    push(
      [clash[1], "ranges"],
      `${field}[${clash[1]}].ranges overlap the ranges of ${field}[${clash[0]}]`,
    );
  }
}

export const splitSchema: z.ZodType<Split, unknown> = z.object({
  property: z.string({ error: mustBe("property", "a string") }).min(1, {
    error: "property must not be empty",
  }).max(LIMITS.maxPropertyNameLength).optional().transform((p) => p ?? "userId"),
  seed: z.string({ error: mustBe("seed", "a string") }).max(LIMITS.maxSeedLength).optional(),
  variants: z.array(splitVariantSchema).min(1, { error: "variants must have at least 1 item" })
    .max(TARGETING_LIMITS.maxVariants).check((ctx) => checkWeighted(ctx, "variants", true)),
  exclusion: z.object({ group: configNameSchema("group"), slice: entryName("slice") })
    .optional(),
});
