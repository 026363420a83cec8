// What the admin API accepts for segments and exclusion groups.
import { z } from "zod";
import { LIMITS } from "../limits.ts";
import { mustBe } from "../names.ts";
import type { Condition } from "../overrides.ts";
import { conditionSchema } from "../override_schema.ts";
import type { Slice } from "./model.ts";
import { TARGETING_LIMITS } from "./model.ts";
import { checkWeighted, entryName, rangesSchema, weightSchema } from "./split_schema.ts";

/**
 * A segment's conditions: the condition language without targeting leaves (a segment in a
 * segment, a prerequisite) and with literal values only, so a segment means the same in
 * every environment and depends on nothing else.
 */
export const segmentConditionsSchema: z.ZodType<Condition[], unknown> = z.array(conditionSchema)
  .max(TARGETING_LIMITS.maxSegmentConditions)
  .check((ctx) => {
    let nodes = 0;
    const visit = (c: Condition, path: PropertyKey[]): void => {
      nodes++;
      if (c.operator === "and" || c.operator === "or") {
        return c.conditions.forEach((x, i) => visit(x, [...path, "conditions", i]));
      }
      if (c.operator === "not") return visit(c.condition, [...path, "condition"]);
      const problem = c.operator === "in_segment" || c.operator === "not_in_segment"
        ? "a segment cannot use another segment"
        : c.operator === "prerequisite"
        ? "a segment cannot have prerequisites"
        : "value" in c && c.value.type === "reference"
        ? "a segment's values are literals (a reference would depend on the environment)"
        : undefined;
      if (problem) {
        ctx.issues.push({ code: "custom", input: c, path, message: `${problem}` });
      }
    };
    ctx.value.forEach((c, i) => visit(c, [i]));
    if (nodes > TARGETING_LIMITS.maxSegmentConditions) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: `conditions has ${nodes} conditions counting nested ones; the limit is ` +
          `${TARGETING_LIMITS.maxSegmentConditions}`,
      });
    }
  });

const sliceSchema: z.ZodType<Slice, unknown> = z.object({
  name: entryName("name"),
  weight: weightSchema("weight"),
  ranges: rangesSchema.optional(),
});

export const slicesSchema = z.array(sliceSchema).max(TARGETING_LIMITS.maxVariants)
  .check((ctx) => checkWeighted(ctx, "slices", false));

export const bucketProperty = z.string({ error: mustBe("property", "a string") })
  .min(1, { error: "property must not be empty" })
  .max(LIMITS.maxPropertyNameLength);

export const groupSeed = z.string({ error: mustBe("seed", "a string") })
  .min(1, { error: "seed must not be empty" })
  .max(LIMITS.maxSeedLength);
