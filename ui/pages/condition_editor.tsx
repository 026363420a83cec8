// One condition of an override, recursively: property comparisons, percentage segments, and
// all-of / any-of / not groups holding more conditions.
import { IconButton } from "../components/ui.tsx";
import { randomSeed } from "../lib/format.ts";
import {
  isList,
  isProperty,
  newCondition,
  OPERATOR_LABELS,
  PROPERTY_OPERATORS,
} from "../lib/conditions.ts";
import { isDangling } from "../lib/references.ts";
import type { Condition, ConditionValue, ConfigSummary } from "../lib/types.ts";

type TargetingOperator = "in_segment" | "not_in_segment" | "prerequisite";
import { LiteralEditor } from "./literal_editor.tsx";
import { ReferencePicker } from "./reference_picker.tsx";
import { type SegmentChoice, TargetingCondition } from "./targeting_condition.tsx";

export type ConditionEnv = {
  projectId: string;
  configName: string;
  /** The project's configs, or undefined while they load. */
  allConfigs: ConfigSummary[] | undefined;
  propertiesId: string;
  /** The project's segments, or undefined while they load. */
  segments?: SegmentChoice[];
  /** A segment's own conditions: no segments, prerequisites or references inside. */
  plain?: boolean;
  /** Offer "a config's value" (a reference) as what a property is compared with. */
  advanced?: boolean;
};

const MAX_DEPTH = 6;

// The operator select: every operator once, in one group, labelled from one table.
const OPERATOR_GROUPS: { label: string; ops: Condition["operator"][]; targeting?: boolean }[] = [
  { label: "Compare a property", ops: PROPERTY_OPERATORS.map((p) => p.op) },
  { label: "Rollout", ops: ["segmentation"] },
  { label: "Targeting", ops: ["in_segment", "not_in_segment", "prerequisite"], targeting: true },
  { label: "Logic", ops: ["and", "or", "not"] },
];

export function ConditionList(
  { conditions, onChange, env, depth, label }: {
    conditions: Condition[];
    onChange: (conditions: Condition[]) => void;
    env: ConditionEnv;
    depth: number;
    label: string;
  },
) {
  return (
    <div class="cond-list">
      {conditions.length === 0 && (
        <p class="muted small">No conditions: this override matches every context.</p>
      )}
      {conditions.map((c, i) => (
        <div class="cond-row" key={i}>
          {i > 0 && <span class="joiner" aria-hidden="true">{label}</span>}
          <ConditionEditor
            condition={c}
            env={env}
            depth={depth}
            onChange={(next) => onChange(conditions.map((x, j) => (j === i ? next : x)))}
            onRemove={() => onChange(conditions.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      <AddCondition
        depth={depth}
        plain={env.plain ?? false}
        onAdd={(c) => onChange([...conditions, c])}
      />
    </div>
  );
}

function AddCondition(
  { depth, plain, onAdd }: { depth: number; plain: boolean; onAdd: (c: Condition) => void },
) {
  return (
    <select
      class="add-cond"
      aria-label="Add a condition"
      value=""
      onChange={(e) => {
        const el = e.target as HTMLSelectElement;
        if (el.value) onAdd(newCondition(el.value as Condition["operator"]));
        el.value = "";
      }}
    >
      <option value="">+ Add condition…</option>
      <option value="equals">Property comparison</option>
      <option value="segmentation">Percentage of users</option>
      {!plain && <option value="in_segment">In segment</option>}
      {!plain && <option value="prerequisite">Prerequisite (another config's value)</option>}
      {depth < MAX_DEPTH && <option value="and">All of (group)</option>}
      {depth < MAX_DEPTH && <option value="or">Any of (group)</option>}
      {depth < MAX_DEPTH && <option value="not">Not</option>}
    </select>
  );
}

export function ConditionEditor(
  { condition: c, onChange, onRemove, env, depth }: {
    condition: Condition;
    onChange: (c: Condition) => void;
    onRemove: () => void;
    env: ConditionEnv;
    depth: number;
  },
) {
  const operator = (
    <select
      aria-label="Operator"
      value={c.operator}
      onChange={(e) =>
        onChange(newCondition((e.target as HTMLSelectElement).value as Condition["operator"], c))}
    >
      {OPERATOR_GROUPS.filter((g) => !(env.plain && g.targeting)).map((g) => (
        <optgroup key={g.label} label={g.label}>
          {g.ops.map((op) => <option key={op} value={op}>{OPERATOR_LABELS[op]}</option>)}
        </optgroup>
      ))}
    </select>
  );
  const remove = <IconButton icon="x" label="Remove this condition" onClick={onRemove} />;

  if (c.operator === "and" || c.operator === "or") {
    return (
      <div class="cond group">
        <div class="cond-head">
          {operator}
          <span class="muted small">
            {c.operator === "and" ? "every condition below" : "at least one condition below"}
          </span>
          {remove}
        </div>
        <ConditionList
          conditions={c.conditions}
          env={env}
          depth={depth + 1}
          label={c.operator === "and" ? "and" : "or"}
          onChange={(conditions) => onChange({ ...c, conditions })}
        />
      </div>
    );
  }
  if (c.operator === "not") {
    return (
      <div class="cond group">
        <div class="cond-head">
          {operator}
          <span class="muted small">matches when the condition below does not</span>
          {remove}
        </div>
        <ConditionEditor
          condition={c.condition}
          env={env}
          depth={depth + 1}
          onChange={(condition) => onChange({ ...c, condition })}
          onRemove={() => onChange({ ...c, condition: newCondition("equals") })}
        />
      </div>
    );
  }
  if (
    c.operator === "in_segment" || c.operator === "not_in_segment" || c.operator === "prerequisite"
  ) {
    return (
      <TargetingCondition
        condition={c}
        operator={operator}
        remove={remove}
        onChange={onChange}
        segments={env.segments}
        allConfigs={env.allConfigs}
        configName={env.configName}
      />
    );
  }
  // The groups returned above; TS does not narrow a two-valued discriminant here.
  const leaf = c as Exclude<
    Condition,
    { conditions: Condition[] } | { condition: Condition } | { operator: TargetingOperator }
  >;
  const property = (
    <input
      class="prop"
      aria-label="Context property"
      placeholder="property, e.g. userId"
      list={env.propertiesId}
      value={leaf.property}
      onInput={(e) => onChange({ ...leaf, property: (e.target as HTMLInputElement).value })}
    />
  );
  if (c.operator === "segmentation") {
    const pct = (v: string) => Math.max(0, Math.min(100, Number(v) || 0));
    return (
      <div class="cond">
        <div class="cond-head">
          {operator}
          {property}
          {remove}
        </div>
        <div class="segment">
          <label>
            from{" "}
            <input
              type="number"
              min={0}
              max={100}
              step="any"
              value={c.fromPercentage}
              aria-label="From percent"
              onInput={(e) =>
                onChange({ ...c, fromPercentage: pct((e.target as HTMLInputElement).value) })}
            />%
          </label>
          <label>
            to{" "}
            <input
              type="number"
              min={0}
              max={100}
              step="any"
              value={c.toPercentage}
              aria-label="To percent"
              onInput={(e) =>
                onChange({ ...c, toPercentage: pct((e.target as HTMLInputElement).value) })}
            />%
          </label>
          <label>
            seed{" "}
            <input
              class="seed"
              value={c.seed}
              aria-label="Seed"
              onInput={(e) => onChange({ ...c, seed: (e.target as HTMLInputElement).value })}
            />
          </label>
          <button
            type="button"
            class="linkish small"
            onClick={() => onChange({ ...c, seed: randomSeed() })}
          >
            new seed
          </button>
        </div>
        <div class="bar" aria-hidden="true">
          <span
            style={{
              left: `${c.fromPercentage}%`,
              width: `${Math.max(0, c.toPercentage - c.fromPercentage)}%`,
            }}
          />
        </div>
        <p class="muted small">
          {c.fromPercentage > c.toPercentage
            ? "“from” must not be above “to”."
            : `About ${+(c.toPercentage - c.fromPercentage).toFixed(2)}% of ${
              c.property || "…"
            } values match, the same ones every time for this seed.`}
        </p>
      </div>
    );
  }
  if (!isProperty(c)) return null;
  const setValue = (value: ConditionValue) => onChange({ ...c, value });
  const dangling = c.value.type === "reference" &&
    isDangling(c.value.configName, env.allConfigs, env.configName);
  return (
    <div class={`cond ${dangling ? "dangling" : ""}`}>
      <div class="cond-head">
        {property}
        {operator}
        {!env.plain && (env.advanced || c.value.type === "reference") && (
          <select
            aria-label="Value source"
            value={c.value.type}
            onChange={(e) =>
              setValue(
                (e.target as HTMLSelectElement).value === "reference"
                  ? { type: "reference", projectId: env.projectId, configName: "", path: [] }
                  : { type: "literal", value: isList(c.operator) ? [] : "" },
              )}
          >
            <option value="literal">a value</option>
            <option value="reference">a config's value</option>
          </select>
        )}
        {remove}
      </div>
      {c.value.type === "literal"
        ? (
          <LiteralEditor
            key={c.operator + (isList(c.operator) ? "l" : "s")}
            value={c.value.value}
            list={isList(c.operator)}
            label="Expected value"
            onChange={(value) => setValue({ type: "literal", value })}
          />
        )
        : (
          <ReferencePicker
            value={c.value}
            projectId={env.projectId}
            allConfigs={env.allConfigs}
            exclude={env.configName}
            onChange={setValue}
          />
        )}
    </div>
  );
}
