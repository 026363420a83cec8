// A text or number value edited as what it is, checked live against the schema; "Edit as
// JSON" hands over to the JSON editor (to change the value's type, say).
import { useEffect, useRef, useState } from "preact/hooks";
import { validate } from "../lib/json_schema.ts";
import type { Json } from "../lib/types.ts";

export function ScalarValueInput(
  { value, schema, label, onValue, onValidity, onAsJson }: {
    value: string | number;
    schema: Json | null;
    label: string;
    onValue: (value: string | number) => void;
    onValidity: (valid: boolean) => void;
    onAsJson: () => void;
  },
) {
  const isNumber = typeof value === "number";
  const [text, setText] = useState(String(value));
  const parsed = isNumber ? (text.trim() === "" ? NaN : Number(text)) : text;
  const notNumber = typeof parsed === "number" && !Number.isFinite(parsed);
  const problems = notNumber
    ? [`${JSON.stringify(text)} is not a number`]
    : validate(schema, parsed).map((e) => `${e.pointer ? `${e.pointer} ` : ""}${e.message}`);
  const valid = problems.length === 0;
  const tell = useRef(onValidity);
  tell.current = onValidity;
  useEffect(() => tell.current(valid), [valid]);
  const problemsId = `${label.replace(/\W+/g, "-")}-problems`;
  return (
    <div class="stack">
      <input
        class={isNumber ? "mono" : undefined}
        type="text"
        inputMode={isNumber ? "decimal" : undefined}
        aria-label={label}
        aria-invalid={valid ? undefined : "true"}
        aria-describedby={valid ? undefined : problemsId}
        value={text}
        onInput={(e) => {
          const next = (e.target as HTMLInputElement).value;
          setText(next);
          const n = Number(next);
          if (!isNumber) onValue(next);
          else if (next.trim() !== "" && Number.isFinite(n)) onValue(n);
        }}
      />
      <div class="json-status">
        {valid
          ? <span class="ok">{schema ? "Matches the schema" : isNumber ? "A number" : "Text"}</span>
          : (
            <ul class="json-problems" id={problemsId}>
              {problems.map((p) => <li key={p}>{p}</li>)}
            </ul>
          )}
        <button type="button" class="linkish" onClick={onAsJson}>Edit as JSON</button>
      </div>
    </div>
  );
}
