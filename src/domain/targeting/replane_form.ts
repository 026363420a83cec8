// Compiled overrides written back in Replane's stored form (REPLANE_COMPAT.md §2.1), for the
// Replane-format export: every condition value becomes a literal. An unresolved value keeps
// its meaning: a list operator gets null (unknown, as before), any other operator gets an
// empty list, which no context value equals or orders against (not matched, as before).
import type {
  Condition,
  LiteralValue,
  RenderedCondition,
  RenderedOverride,
  ValueOverride,
} from "../overrides.ts";

const isList = (op: string) => op === "in" || op === "not_in";

function storedCondition(c: RenderedCondition): Condition {
  switch (c.operator) {
    case "and":
    case "or":
      return { operator: c.operator, conditions: c.conditions.map(storedCondition) };
    case "not":
      return { operator: "not", condition: storedCondition(c.condition) };
    case "segmentation":
      return c;
    default: {
      const value = c.value === undefined ? (isList(c.operator) ? null : []) : c.value;
      return {
        operator: c.operator,
        property: c.property,
        value: { type: "literal", value: value as LiteralValue["value"] },
      };
    }
  }
}

export function storedOverrides(rendered: readonly RenderedOverride[]): ValueOverride[] {
  return rendered.map((o) => ({
    name: o.name,
    conditions: o.conditions.map(storedCondition),
    value: o.value,
  }));
}
