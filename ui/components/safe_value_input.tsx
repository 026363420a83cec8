// One JSON value entered with a control matched to the type of a sample: a true/false choice,
// a number field, a text field, or the JSON editor for objects, arrays and null.
import { JsonEditor } from "./json_editor.tsx";
import { Field } from "./ui.tsx";
import { kindOf } from "../lib/config_model.ts";
import type { Json } from "../lib/types.ts";

export function SafeValueInput(
  { label, sample, value, onValue }: {
    label: string;
    sample: Json;
    /** undefined while what is typed is not a valid value. */
    value: Json | undefined;
    onValue: (value: Json | undefined) => void;
  },
) {
  const kind = kindOf(sample);
  if (kind === "boolean") {
    return (
      <Field label={label}>
        {(id) => (
          <select
            id={id}
            value={String(value)}
            onChange={(e) => onValue((e.target as HTMLSelectElement).value === "true")}
          >
            <option value="false">false</option>
            <option value="true">true</option>
          </select>
        )}
      </Field>
    );
  }
  if (kind === "number" || kind === "string") {
    const bad = kind === "number" && value === undefined;
    return (
      <Field label={label} error={bad ? "Enter a number" : null}>
        {(id, describedBy) => (
          <input
            id={id}
            type="text"
            inputMode={kind === "number" ? "decimal" : undefined}
            aria-describedby={describedBy}
            value={value === undefined ? undefined : String(value)}
            onInput={(e) => {
              const text = (e.target as HTMLInputElement).value;
              if (kind === "string") return onValue(text);
              const n = Number(text);
              onValue(text.trim() !== "" && Number.isFinite(n) ? n : undefined);
            }}
          />
        )}
      </Field>
    );
  }
  return (
    <div class="field">
      <JsonEditor
        label={label}
        value={value ?? sample}
        rows={5}
        onChange={(v, problems) => onValue(problems.length > 0 ? undefined : v)}
      />
    </div>
  );
}
