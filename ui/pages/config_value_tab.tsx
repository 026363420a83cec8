// The value of the base or of one environment, with live checks against its schema.
import { useState } from "preact/hooks";
import { JsonEditor } from "../components/json_editor.tsx";
import { ScalarValueInput } from "../components/scalar_value_input.tsx";
import { Button } from "../components/ui.tsx";
import { schemaFor } from "../lib/config_model.ts";
import type { Json } from "../lib/types.ts";
import type { EditorProps } from "./editor_props.ts";
import { useProject } from "./project_context.ts";
import { bodyOf, envName, removeVariant, ScopeBar, UsesBase, withBody } from "./scope_bar.tsx";

export function ConfigValueTab(props: EditorProps) {
  const { draft, scope, setDraft, resetKey, markInvalid } = props;
  const { environments } = useProject();
  const body = bodyOf(draft, scope);
  const schema = schemaFor(draft, scope);
  const key = `${scope}:value`;
  const [gen, setGen] = useState(0);
  const [asJson, setAsJson] = useState(false);
  return (
    <div class="stack">
      <ScopeBar {...props} />
      {!body ? <UsesBase envId={scope} setDraft={setDraft} what="value" /> : (
        <>
          {typeof body.value === "boolean" && (
            <label class="switch big">
              <input
                type="checkbox"
                checked={body.value}
                onChange={(e) => {
                  const v = (e.target as HTMLInputElement).checked;
                  markInvalid(key, false);
                  setGen((g) => g + 1);
                  setDraft((d) => withBody(d, scope, { ...bodyOf(d, scope)!, value: v }));
                }}
              />
              <span>
                {body.value ? "On" : "Off"}{" "}
                <span class="muted">(the value when no override matches)</span>
              </span>
            </label>
          )}
          {(typeof body.value === "string" || typeof body.value === "number") && !asJson
            ? (
              <ScalarValueInput
                key={`${key}:${resetKey}:${gen}`}
                label={scope === "base" ? "Base value" : `Value in ${envName(environments, scope)}`}
                value={body.value}
                schema={schema}
                onValidity={(valid) => markInvalid(key, !valid)}
                onValue={(value) =>
                  setDraft((d) => withBody(d, scope, { ...bodyOf(d, scope)!, value }))}
                onAsJson={() => {
                  setAsJson(true);
                  setGen((g) => g + 1);
                }}
              />
            )
            : (
              <JsonEditor
                key={`${key}:${resetKey}:${gen}`}
                label={scope === "base" ? "Base value" : `Value in ${envName(environments, scope)}`}
                value={body.value}
                schema={schema}
                rows={14}
                onValidity={(valid) => markInvalid(key, !valid)}
                onChange={(value: Json | undefined) => {
                  // Stay in this editor even when what is typed turns into text or a number.
                  setAsJson(true);
                  if (value !== undefined) {setDraft((d) =>
                      withBody(d, scope, { ...bodyOf(d, scope)!, value })
                    );}
                }}
              />
            )}
          <p class="muted small">
            {schema
              ? "Checked as you type against the schema's common keywords; the server checks every keyword when you save."
              : "No schema: any JSON is accepted. Add one on the Schema tab."}{" "}
            This is the value when no override matches{body.overrides.length
              ? ` (${body.overrides.length} overrides)`
              : ""}.
          </p>
          {scope !== "base" && (
            <div>
              <Button
                small
                variant="ghost"
                onClick={() => {
                  markInvalid(key, false);
                  setDraft((d) => removeVariant(d, scope));
                }}
              >
                Remove {envName(environments, scope)}'s own value (use the base again)
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
