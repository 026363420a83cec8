// A config value edited as what it is: a switch for true / false, a text or number field,
// and the JSON editor for objects, arrays and null, when the schema asks for those, or when
// the user picks "Edit as JSON" (to change the value's type, say).
import { useEffect, useRef, useState } from "preact/hooks";
import { validate } from "../lib/json_schema.ts";
import type { Json } from "../lib/types.ts";
import { JsonEditor } from "./json_editor.tsx";
import { ScalarValueInput } from "./scalar_value_input.tsx";

type Kind = "boolean" | "text" | "number" | "json";

const SCHEMA_KINDS: Record<string, Kind> = {
  boolean: "boolean",
  string: "text",
  number: "number",
  integer: "number",
};

function kindOfValue(v: Json | undefined): Kind {
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "string") return "text";
  if (typeof v === "number") return "number";
  return "json";
}

/** The control for `value`: its own type's, unless the schema's `type` or the config's type
 * (`typeOf`, the base value) says otherwise; then JSON, which shows any value faithfully. */
export function valueKind(value: Json, schema: Json | null, typeOf?: Json): Kind {
  const kind = kindOfValue(value);
  const declared = schema && typeof schema === "object" && !Array.isArray(schema)
    ? schema.type
    : undefined;
  if (declared !== undefined && (typeof declared !== "string" || SCHEMA_KINDS[declared] !== kind)) {
    return "json";
  }
  if (typeOf !== undefined && kindOfValue(typeOf) !== kind) return "json";
  return kind;
}

export function ValueInput(
  { value, schema, label, typeOf, rows = 8, onValue, onValidity, hint }: {
    value: Json;
    schema: Json | null;
    label: string;
    /** The config's own value (the base value), whose type the control follows. */
    typeOf?: Json;
    rows?: number;
    onValue: (value: Json) => void;
    onValidity: (valid: boolean) => void;
    /** Said after "On" / "Off" beside the switch. */
    hint?: string;
  },
) {
  const [asJson, setAsJson] = useState(false);
  const kind = asJson ? "json" : valueKind(value, schema, typeOf);
  const toJson = () => setAsJson(true);
  if (kind === "boolean") {
    return (
      <BooleanInput
        value={value as boolean}
        schema={schema}
        label={label}
        hint={hint}
        onValue={onValue}
        onValidity={onValidity}
        onAsJson={toJson}
      />
    );
  }
  if (kind === "text" || kind === "number") {
    return (
      <ScalarValueInput
        label={label}
        value={value as string | number}
        schema={schema}
        onValidity={onValidity}
        onValue={onValue}
        onAsJson={toJson}
      />
    );
  }
  return (
    <JsonEditor
      label={label}
      value={value}
      schema={schema}
      rows={rows}
      onValidity={onValidity}
      onChange={(next) => {
        // Stay in this editor even when what is typed turns into text, a number or a boolean.
        setAsJson(true);
        if (next !== undefined) onValue(next);
      }}
    />
  );
}

function BooleanInput(
  { value, schema, label, hint, onValue, onValidity, onAsJson }: {
    value: boolean;
    schema: Json | null;
    label: string;
    hint?: string;
    onValue: (value: boolean) => void;
    onValidity: (valid: boolean) => void;
    onAsJson: () => void;
  },
) {
  const problems = validate(schema, value).map((e) => e.message);
  const valid = problems.length === 0;
  const tell = useRef(onValidity);
  tell.current = onValidity;
  useEffect(() => tell.current(valid), [valid]);
  return (
    <div class="stack">
      <label class="switch big">
        <input
          type="checkbox"
          role="switch"
          aria-label={label}
          checked={value}
          onChange={(e) => onValue((e.target as HTMLInputElement).checked)}
        />
        <span>
          {value ? "On" : "Off"} {hint && <span class="muted">({hint})</span>}
        </span>
      </label>
      <div class="json-status">
        {valid ? <span class="ok">{value ? "true" : "false"}</span> : (
          <ul class="json-problems">
            {problems.map((p) => <li key={p}>{p}</li>)}
          </ul>
        )}
        <button type="button" class="linkish" onClick={onAsJson}>Edit as JSON</button>
      </div>
    </div>
  );
}
