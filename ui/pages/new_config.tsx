// Creating a config: a name, a kind (flag, number, text, JSON), a first value, and
// optionally a schema inferred from that value.
import { useState } from "preact/hooks";
import { Dialog } from "../components/dialog.tsx";
import { configPlace, reportWarnings } from "../components/write_warnings.tsx";
import { JsonEditor } from "../components/json_editor.tsx";
import { Field, TextField } from "../components/ui.tsx";
import { FormActions } from "../components/form_actions.tsx";
import { configs } from "../lib/endpoints.ts";
import { CONFIG_NAME } from "../lib/format.ts";
import { inferSchema } from "../lib/json_schema.ts";
import { navigate } from "../lib/router.ts";
import type { Json } from "../lib/types.ts";
import { useSubmit } from "../lib/use_submit.ts";
import { useProject } from "./project_context.ts";

type Kind = "flag" | "number" | "string" | "json";
const KINDS: { kind: Kind; label: string; hint: string; initial: Json }[] = [
  { kind: "flag", label: "Feature flag", hint: "true or false", initial: false },
  { kind: "number", label: "Number", hint: "a limit, a timeout, a percentage", initial: 0 },
  { kind: "string", label: "Text", hint: "a message, a URL, a mode", initial: "" },
  { kind: "json", label: "JSON", hint: "any object or list", initial: { enabled: true } },
];

export function NewConfigDialog({ onClose }: { onClose: () => void }) {
  const { project, base } = useProject();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [kind, setKind] = useState<Kind>("flag");
  const [value, setValue] = useState<Json | undefined>(false);
  const [withSchema, setWithSchema] = useState(true);
  const nameProblem = name && !CONFIG_NAME.test(name)
    ? "Use 1–100 letters, digits, - or _ (no spaces)."
    : null;

  const pick = (k: Kind) => {
    setKind(k);
    setValue(KINDS.find((x) => x.kind === k)!.initial);
  };
  const save = useSubmit(async () => {
    if (value === undefined || nameProblem) return;
    const { warnings } = await configs.create(project.id, {
      name,
      description: description.trim(),
      editors: [],
      maintainers: [],
      base: { value, schema: withSchema ? inferSchema(value) : null, overrides: [] },
      variants: [],
    });
    onClose();
    navigate(`${base}/configs/${encodeURIComponent(name)}`);
    reportWarnings(configPlace(project.id, name), "Created", warnings);
  });
  return (
    <Dialog title="New config" onClose={onClose} wide>
      <form class="stack" onSubmit={save.onSubmit}>
        <Field
          label="Name"
          hint="How your code asks for it, e.g. new-checkout or api-rate-limit."
          error={nameProblem}
        >
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              required
              autocomplete="off"
              spellcheck={false}
              value={name}
              onInput={(e) => setName((e.target as HTMLInputElement).value.trim())}
            />
          )}
        </Field>
        <TextField
          label="Description"
          hint="Optional: what it controls and who owns it."
          value={description}
          onValue={setDescription}
        />
        <fieldset class="kinds">
          <legend>Kind</legend>
          {KINDS.map((k) => (
            <label key={k.kind} class={`kind ${kind === k.kind ? "selected" : ""}`}>
              <input
                type="radio"
                name="kind"
                value={k.kind}
                checked={kind === k.kind}
                onChange={() => pick(k.kind)}
              />
              <strong>{k.label}</strong>
              <span class="muted small">{k.hint}</span>
            </label>
          ))}
        </fieldset>
        <div class="field">
          <span class="label">Value</span>
          {kind === "flag" && (
            <label class="switch">
              <input
                type="checkbox"
                checked={value === true}
                onChange={(e) => setValue((e.target as HTMLInputElement).checked)}
              />
              <span>{value === true ? "On (true)" : "Off (false)"}</span>
            </label>
          )}
          {kind === "number" && (
            <input
              type="number"
              aria-label="Value"
              step="any"
              value={String(value ?? 0)}
              onInput={(e) => {
                const n = (e.target as HTMLInputElement).valueAsNumber;
                setValue(Number.isFinite(n) ? n : undefined);
              }}
            />
          )}
          {kind === "string" && (
            <input
              aria-label="Value"
              value={String(value ?? "")}
              onInput={(e) => setValue((e.target as HTMLInputElement).value)}
            />
          )}
          {kind === "json" && (
            <JsonEditor
              key="json"
              label="Value"
              value={{ enabled: true }}
              rows={6}
              onChange={(v) => setValue(v)}
            />
          )}
        </div>
        <label class="check">
          <input
            type="checkbox"
            checked={withSchema}
            onChange={(e) => setWithSchema((e.target as HTMLInputElement).checked)}
          />
          Add a JSON Schema inferred from this value, so later edits keep its shape
        </label>
        <FormActions
          submit={save}
          label="Create config"
          onCancel={onClose}
          disabled={value === undefined || !!nameProblem}
        />
      </form>
    </Dialog>
  );
}
