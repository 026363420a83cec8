// The evaluate endpoint's words: which override, segment, prerequisite or variant decided,
// from the trace of the compiled form (evaluate.ts) and what the compiler said each compiled
// node stands for (compile.ts labels and origins).
import type { ConditionTrace, Evaluation, MatchResult, OverrideTrace } from "../evaluate.ts";
import type { RenderedCondition, RenderedOverride } from "../overrides.ts";
import type { CompiledOrigin } from "./compile.ts";

/** A trace node, with `source` where the node was compiled from a targeting object. */
export type ExplainedCondition = ConditionTrace & {
  source?: string;
  conditions?: ExplainedCondition[];
  condition?: ExplainedCondition;
};

export type ExplainedOverride = OverrideTrace & {
  /** The stored override (or weighted rule) it came from, and the variant when it is one. */
  rule: string;
  ruleIndex: number;
  variant?: string;
  conditions: ExplainedCondition[];
};

export type ExplainedEvaluation = Omit<Evaluation, "trace"> & {
  trace: ExplainedOverride[];
  /** The rule and variant that decided (null: the base value). */
  decidedBy: { rule: string; ruleIndex: number; variant?: string } | null;
  /** The decision in words, one sentence per line. */
  explanation: string[];
};

const WORDS: Record<MatchResult, string> = {
  matched: "matched",
  not_matched: "did not match",
  unknown: "could not be decided (the context lacks a property it needs)",
};

function attach(
  t: ConditionTrace,
  c: RenderedCondition,
  labels: ReadonlyMap<RenderedCondition, string>,
): ExplainedCondition {
  const out: ExplainedCondition = { ...t };
  const label = labels.get(c);
  if (label) out.source = label;
  if ("conditions" in t && "conditions" in c) {
    out.conditions = t.conditions.map((x, i) => attach(x, c.conditions[i]!, labels));
  } else if ("condition" in t && "condition" in c) {
    out.condition = attach(t.condition, c.condition, labels);
  }
  return out;
}

/** The first labelled nodes under `t`: what a person would name as the reason. */
function reasons(t: ExplainedCondition): string[] {
  if (t.source) return [`${t.source} ${WORDS[t.result]}`];
  const children = t.conditions ?? (t.condition ? [t.condition] : []);
  if (children.length > 0) return children.flatMap(reasons);
  const what = "property" in t && t.operator !== "segmentation"
    ? `${t.property} ${t.operator} ${JSON.stringify(t.expected)}`
    : "property" in t
    ? `${t.property} in the ${t.fromPercentage}–${t.toPercentage}% range`
    : t.operator;
  return [`${what} ${WORDS[t.result]}`];
}

export function explainEvaluation(
  evaluation: Evaluation,
  compiled: RenderedOverride[],
  origins: readonly CompiledOrigin[],
  labels: ReadonlyMap<RenderedCondition, string>,
): ExplainedEvaluation {
  const trace: ExplainedOverride[] = evaluation.trace.map((o) => {
    const origin = origins[o.index]!;
    const source = compiled[o.index]!;
    return {
      ...o,
      rule: origin.rule,
      ruleIndex: origin.override,
      ...(origin.variant === undefined ? {} : { variant: origin.variant }),
      conditions: o.conditions.map((c, i) => attach(c, source.conditions[i]!, labels)),
    };
  });
  const decided = evaluation.matchedOverride === null
    ? null
    : trace.find((t) => t.index === evaluation.matchedOverride) ?? null;
  const name = (t: ExplainedOverride) =>
    t.variant === undefined
      ? `Override "${t.rule}" (#${t.ruleIndex + 1})`
      : `Variant "${t.variant}" of rule "${t.rule}" (#${t.ruleIndex + 1})`;
  const explanation: string[] = [];
  for (const t of trace) {
    const why = t.conditions.flatMap(reasons);
    const detail = why.length === 0 ? "it has no conditions" : why.join("; ");
    explanation.push(`${name(t)} ${WORDS[t.result]}: ${detail}.`);
  }
  if (evaluation.error) {
    explanation.push(`Evaluation failed (${evaluation.error}), so the base value applies.`);
  } else if (decided) {
    explanation.push(`${name(decided)} decided the value.`);
  } else {
    explanation.push(
      trace.length === 0
        ? "There are no overrides, so the base value applies."
        : "No override matched, so the base value applies.",
    );
  }
  return {
    ...evaluation,
    trace,
    decidedBy: decided
      ? {
        rule: decided.rule,
        ruleIndex: decided.ruleIndex,
        ...(decided.variant === undefined ? {} : { variant: decided.variant }),
      }
      : null,
    explanation,
  };
}
