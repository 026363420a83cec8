// A condition's literal value: one scalar, or a list (one item per line), with its type.
import { useEffect, useRef, useState } from "preact/hooks";

type Scalar = string | number | boolean | null;
type Kind = "text" | "number" | "boolean" | "null";

const kindOf = (v: Scalar): Kind =>
  v === null
    ? "null"
    : typeof v === "number"
    ? "number"
    : typeof v === "boolean"
    ? "boolean"
    : "text";

function parse(text: string, kind: Kind): Scalar | undefined {
  if (kind === "text") return text;
  if (kind === "null") return null;
  if (kind === "boolean") return text === "true" ? true : text === "false" ? false : undefined;
  const n = Number(text);
  return text.trim() !== "" && Number.isFinite(n) ? n : undefined;
}

export function LiteralEditor(
  { value, list, onChange, label }: {
    value: Scalar | Scalar[];
    list: boolean;
    onChange: (value: Scalar | Scalar[]) => void;
    label: string;
  },
) {
  const items = Array.isArray(value) ? value : [value];
  const [kind, setKind] = useState<Kind>(kindOf(items[0] ?? ""));
  const [text, setText] = useState(items.map((v) => (v === null ? "null" : String(v))).join("\n"));
  const [problem, setProblem] = useState<string | null>(null);
  // The last value this editor produced; anything else came from outside (a reorder, a
  // reload), and then the text starts over from the new value.
  const sent = useRef<string>(JSON.stringify(value));
  useEffect(() => {
    const incoming = JSON.stringify(value);
    if (incoming === sent.current) return;
    sent.current = incoming;
    setKind(kindOf(items[0] ?? ""));
    setText(items.map((v) => (v === null ? "null" : String(v))).join("\n"));
    setProblem(null);
  }, [JSON.stringify(value)]);

  const push = (nextText: string, nextKind: Kind) => {
    setText(nextText);
    setKind(nextKind);
    const lines = list
      ? nextText.split("\n").map((l) => l.trim()).filter((l) => l !== "")
      : [nextText];
    const parsed = lines.map((l) => parse(l, nextKind));
    const bad = lines.find((_, i) => parsed[i] === undefined);
    if (bad !== undefined) {
      setProblem(
        nextKind === "number" ? `"${bad}" is not a number` : `"${bad}" must be true or false`,
      );
      return;
    }
    setProblem(null);
    const next = list ? parsed as Scalar[] : parsed[0] as Scalar;
    sent.current = JSON.stringify(next);
    onChange(next);
  };

  return (
    <div class="literal">
      <select
        aria-label={`${label}: type`}
        value={kind}
        onChange={(e) => push(text, (e.target as HTMLSelectElement).value as Kind)}
      >
        <option value="text">text</option>
        <option value="number">number</option>
        <option value="boolean">true / false</option>
        {!list && <option value="null">null</option>}
      </select>
      {kind === "null" ? <span class="muted small">null</span> : kind === "boolean" && !list
        ? (
          <select
            aria-label={label}
            value={text}
            onChange={(e) => push((e.target as HTMLSelectElement).value, kind)}
          >
            <option value="">choose…</option>
            <option value="true">true</option>
            <option value="false">false</option>
          </select>
        )
        : list
        ? (
          <textarea
            aria-label={`${label} (one per line)`}
            placeholder="one value per line"
            rows={Math.min(6, Math.max(2, items.length + 1))}
            value={text}
            onInput={(e) => push((e.target as HTMLTextAreaElement).value, kind)}
          />
        )
        : (
          <input
            aria-label={label}
            inputMode={kind === "number" ? "decimal" : undefined}
            value={text}
            onInput={(e) => push((e.target as HTMLInputElement).value, kind)}
          />
        )}
      {problem && <span class="field-error" role="alert">{problem}</span>}
    </div>
  );
}
