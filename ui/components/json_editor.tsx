// A JSON textarea with line numbers and live checks: syntax errors and JSON Schema errors
// are listed with their line and column, and clicking one puts the cursor there.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { parseJson, positionOf } from "../lib/json_text.ts";
import { validate } from "../lib/json_schema.ts";
import { pretty } from "../lib/format.ts";
import type { Json } from "../lib/types.ts";

export type Problem = { line: number; col: number; message: string; pointer?: string };

export function JsonEditor(
  { value, schema = null, onChange, onValidity, label, rows = 8, readOnly, describedBy }: {
    value: Json;
    schema?: Json | null;
    /** `undefined` while the text is not valid JSON. */
    onChange?: (value: Json | undefined, problems: Problem[]) => void;
    /** Told on mount and whenever the text turns valid or invalid (syntax or schema). */
    onValidity?: (valid: boolean) => void;
    label: string;
    rows?: number;
    readOnly?: boolean;
    describedBy?: string;
  },
) {
  const [text, setText] = useState(() => pretty(value));
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const { problems, parsed } = useMemo(() => check(text, schema), [text, schema]);
  const bad = new Set(problems.map((p) => p.line));
  const valid = problems.length === 0;
  const tell = useRef(onValidity);
  tell.current = onValidity;
  useEffect(() => tell.current?.(valid), [valid]);
  const lines = text.split("\n").length;

  const update = (next: string) => {
    setText(next);
    const result = check(next, schema);
    onChange?.(result.parsed, result.problems);
  };
  const jump = (p: Problem) => {
    const el = area.current!;
    const all = el.value.split("\n");
    let offset = 0;
    for (let i = 0; i < p.line - 1 && i < all.length; i++) offset += all[i]!.length + 1;
    el.focus();
    el.setSelectionRange(offset + p.col - 1, offset + p.col - 1);
  };
  const errorsId = `${label.replace(/\W+/g, "-")}-problems`;
  return (
    <div class={`json-editor ${problems.length ? "has-errors" : ""}`}>
      <div class="json-frame">
        <div class="json-gutter" ref={gutter} aria-hidden="true">
          {Array.from(
            { length: Math.min(lines, 5000) },
            (_, i) => <div key={i} class={bad.has(i + 1) ? "bad" : undefined}>{i + 1}</div>,
          )}
        </div>
        <textarea
          ref={area}
          class="json-text"
          aria-label={label}
          aria-invalid={problems.length > 0 ? "true" : undefined}
          aria-describedby={[describedBy, problems.length ? errorsId : ""].filter(Boolean).join(
            " ",
          ) ||
            undefined}
          rows={Math.max(2, Math.min(rows, lines + 1))}
          spellcheck={false}
          autocomplete="off"
          wrap="off"
          readOnly={readOnly}
          value={text}
          onInput={(e) => update((e.target as HTMLTextAreaElement).value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = (e.target as HTMLElement).scrollTop;
          }}
        />
      </div>
      <div class="json-status">
        {problems.length === 0
          ? <span class="ok">{schema ? "Valid JSON, matches the schema" : "Valid JSON"}</span>
          : (
            <ul class="json-problems" id={errorsId}>
              {problems.slice(0, 8).map((p, i) => (
                <li key={i}>
                  <button type="button" class="linkish" onClick={() => jump(p)}>
                    Line {p.line}, col {p.col}
                  </button>
                  {p.pointer ? <code>{p.pointer}</code> : null} {p.message}
                </li>
              ))}
              {problems.length > 8 && <li>…and {problems.length - 8} more</li>}
            </ul>
          )}
        {!readOnly && parsed !== undefined && (
          <button
            type="button"
            class="linkish"
            onClick={() => update(pretty(parsed))}
          >
            Format
          </button>
        )}
      </div>
    </div>
  );
}

export function check(
  text: string,
  schema: Json | null,
): { parsed: Json | undefined; problems: Problem[] } {
  const result = parseJson(text);
  if (!result.ok) {
    return {
      parsed: undefined,
      problems: [{ line: result.line, col: result.col, message: result.message }],
    };
  }
  const problems = validate(schema, result.value).map((e) => {
    const pos = positionOf(result, e.pointer) ?? { line: 1, col: 1 };
    return { ...pos, message: e.message, pointer: e.pointer || "(the value)" };
  });
  return { parsed: result.value, problems };
}
