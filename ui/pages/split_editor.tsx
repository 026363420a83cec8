// A weighted rule (A/B/n): variants with a name, a value and a weight, the live sum of the
// weights (it must be 100), the property users are bucketed on, and optionally the slice of
// an exclusion group the experiment runs in. The server keeps users in their variant when
// weights change (docs/targeting.md); the ranges shown are where they are now.
import { JsonEditor } from "../components/json_editor.tsx";
import { IconButton } from "../components/ui.tsx";
import type { Json, Override } from "../lib/types.ts";

type SplitOverride = Extract<Override, { split: unknown }>;
type Split = SplitOverride["split"];

export type GroupChoice = { name: string; slices: { name: string; weight: number }[] };

const round2 = (n: number) => Math.round(n * 100) / 100;

export function weightSum(split: Split): number {
  return round2(split.variants.reduce((s, v) => s + (Number.isFinite(v.weight) ? v.weight : 0), 0));
}

export function SplitEditor(
  { override: o, onChange, schema, editorKey, markInvalid, groups }: {
    override: SplitOverride;
    onChange: (o: SplitOverride) => void;
    schema: Json | null;
    editorKey: string;
    markInvalid: (key: string, invalid: boolean) => void;
    /** The project's exclusion groups, or undefined while they load. */
    groups: GroupChoice[] | undefined;
  },
) {
  const s = o.split;
  const set = (split: Split) => onChange({ ...o, split });
  const setVariant = (k: number, v: Split["variants"][number]) =>
    set({ ...s, variants: s.variants.map((x, j) => (j === k ? v : x)) });
  const sum = weightSum(s);
  const group = groups?.find((g) => g.name === s.exclusion?.group);
  return (
    <div class="split">
      <table class="weights">
        <thead>
          <tr>
            <th>Variant</th>
            <th>Weight %</th>
            <th>Value</th>
            <th>
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {s.variants.map((v, k) => (
            <tr key={k}>
              <td>
                <input
                  aria-label={`Name of variant ${k + 1}`}
                  value={v.name}
                  onInput={(e) =>
                    setVariant(k, { ...v, name: (e.target as HTMLInputElement).value })}
                />
                {v.ranges && v.ranges.length > 0 && (
                  <div class="muted small">
                    {v.ranges.map(([a, b]) => `${a}–${b}`).join(", ")}
                  </div>
                )}
              </td>
              <td>
                <input
                  type="range"
                  min={0}
                  max={100}
                  step={1}
                  aria-label={`Weight slider of variant ${k + 1}`}
                  value={v.weight}
                  onInput={(e) =>
                    setVariant(k, { ...v, weight: Number((e.target as HTMLInputElement).value) })}
                />
                <input
                  type="number"
                  min={0}
                  max={100}
                  step="0.01"
                  class="weight"
                  aria-label={`Weight of variant ${k + 1}`}
                  value={v.weight}
                  onInput={(e) =>
                    setVariant(k, {
                      ...v,
                      weight: round2(Number((e.target as HTMLInputElement).value) || 0),
                    })}
                />
              </td>
              <td>
                <JsonEditor
                  key={`${editorKey}:v${k}`}
                  label={`Value of variant ${k + 1}`}
                  value={v.value}
                  schema={schema}
                  rows={2}
                  onValidity={(valid) => markInvalid(`${editorKey}:v${k}`, !valid)}
                  onChange={(value) => {
                    if (value !== undefined) setVariant(k, { ...v, value });
                  }}
                />
              </td>
              <td>
                <IconButton
                  icon="trash"
                  label={`Delete variant ${k + 1}`}
                  disabled={s.variants.length === 1}
                  onClick={() => set({ ...s, variants: s.variants.filter((_, j) => j !== k) })}
                />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>
              <button
                type="button"
                class="linkish small"
                onClick={() =>
                  set({
                    ...s,
                    variants: [...s.variants, {
                      name: `variant-${s.variants.length + 1}`,
                      value: structuredClone(s.variants.at(-1)?.value ?? null),
                      weight: 0,
                    }],
                  })}
              >
                + Add variant
              </button>
            </td>
            <td colSpan={3}>
              <output class={sum === 100 ? "sum ok" : "sum bad"} aria-label="Sum of weights">
                Sum: {sum}%
              </output>
              {sum !== 100 && <span class="muted small">The weights must add up to 100.</span>}
            </td>
          </tr>
        </tfoot>
      </table>
      <div class="row">
        <label>
          Bucket by{" "}
          <input
            aria-label="Bucketing property"
            value={s.property}
            onInput={(e) => set({ ...s, property: (e.target as HTMLInputElement).value })}
          />
        </label>
        <label>
          Exclusion group{" "}
          <select
            aria-label="Exclusion group"
            value={s.exclusion?.group ?? ""}
            onChange={(e) => {
              const name = (e.target as HTMLSelectElement).value;
              const g = groups?.find((x) => x.name === name);
              const { exclusion: _, ...rest } = s;
              set(
                name
                  ? { ...rest, exclusion: { group: name, slice: g?.slices[0]?.name ?? "" } }
                  : rest,
              );
            }}
          >
            <option value="">None</option>
            {(groups ?? []).map((g) => <option key={g.name} value={g.name}>{g.name}</option>)}
          </select>
        </label>
        {s.exclusion && (
          <label>
            Slice{" "}
            <select
              aria-label="Exclusion slice"
              value={s.exclusion.slice}
              onChange={(e) =>
                set({
                  ...s,
                  exclusion: { ...s.exclusion!, slice: (e.target as HTMLSelectElement).value },
                })}
            >
              {(group?.slices ?? []).map((x) => (
                <option key={x.name} value={x.name}>{x.name} ({x.weight}%)</option>
              ))}
            </select>
          </label>
        )}
      </div>
      <p class="muted small">
        Each {s.property || "…"} value always gets the same variant
        {s.exclusion ? ` inside slice “${s.exclusion.slice}” of “${s.exclusion.group}”` : ""}.
        Contexts without it get none of them and fall through to the next override.
      </p>
    </div>
  );
}

export function newSplit(index: number, value: Json): SplitOverride {
  const other = typeof value === "boolean" ? !value : structuredClone(value);
  return {
    name: `Experiment ${index + 1}`,
    conditions: [],
    split: {
      property: "userId",
      variants: [
        { name: "control", value: structuredClone(value), weight: 50 },
        { name: "treatment", value: other, weight: 50 },
      ],
    },
  };
}
