// The targeting leaves of a condition (docs/targeting.md): "in segment" / "not in segment"
// with a segment picker, and a prerequisite: another config, and the values it must give.
import type { JSX } from "preact";
import type { Condition, ConfigSummary, Json } from "../lib/types.ts";
import { LiteralEditor } from "./literal_editor.tsx";

type Scalar = string | number | boolean | null;
type Leaf = Extract<Condition, { operator: "in_segment" | "not_in_segment" | "prerequisite" }>;

export type SegmentChoice = { name: string; description: string };

export function TargetingCondition(
  { condition: c, operator, remove, onChange, segments, allConfigs, configName }: {
    condition: Leaf;
    operator: JSX.Element;
    remove: JSX.Element;
    onChange: (c: Condition) => void;
    /** The project's segments, or undefined while they load. */
    segments: SegmentChoice[] | undefined;
    allConfigs: ConfigSummary[] | undefined;
    configName: string;
  },
) {
  if (c.operator === "prerequisite") {
    const choices = (allConfigs ?? []).filter((x) => x.name !== configName);
    const missing = allConfigs !== undefined && c.config !== "" &&
      !choices.some((x) => x.name === c.config);
    const scalars = c.values.filter((v): v is Scalar => v === null || typeof v !== "object");
    return (
      <div class={`cond ${missing ? "dangling" : ""}`}>
        <div class="cond-head">
          {operator}
          <select
            aria-label="Prerequisite config"
            value={c.config}
            onChange={(e) => onChange({ ...c, config: (e.target as HTMLSelectElement).value })}
          >
            <option value="">Choose a config…</option>
            {missing && <option value={c.config}>{c.config} (missing)</option>}
            {choices.map((x) => <option key={x.name} value={x.name}>{x.name}</option>)}
          </select>
          {remove}
        </div>
        <p class="muted small">
          Matches when{" "}
          {c.config ? `“${c.config}”` : "that config"}, evaluated with its own overrides for this
          context, gives one of these values:
        </p>
        <LiteralEditor
          value={scalars}
          list
          label="Prerequisite values"
          onChange={(v) => onChange({ ...c, values: (Array.isArray(v) ? v : [v]) as Json[] })}
        />
        {missing && (
          <p class="muted small" role="status">
            No config is named “{c.config}”: this condition does not match until one exists.
          </p>
        )}
      </div>
    );
  }
  const missing = segments !== undefined && c.segment !== "" &&
    !segments.some((s) => s.name === c.segment);
  const chosen = segments?.find((s) => s.name === c.segment);
  return (
    <div class={`cond ${missing ? "dangling" : ""}`}>
      <div class="cond-head">
        {operator}
        <select
          aria-label="Segment"
          value={c.segment}
          onChange={(e) => onChange({ ...c, segment: (e.target as HTMLSelectElement).value })}
        >
          <option value="">Choose a segment…</option>
          {missing && <option value={c.segment}>{c.segment} (missing)</option>}
          {(segments ?? []).map((s) => <option key={s.name} value={s.name}>{s.name}</option>)}
        </select>
        {remove}
      </div>
      {chosen?.description && <p class="muted small">{chosen.description}</p>}
      {missing && (
        <p class="muted small" role="status">
          No segment is named “{c.segment}”: this condition does not match until one exists.
        </p>
      )}
    </div>
  );
}
