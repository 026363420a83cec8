// The value of the base or of one environment, with live checks against its schema.
import { Button } from "../components/ui.tsx";
import { ValueInput } from "../components/value_input.tsx";
import { schemaFor } from "../lib/config_model.ts";
import type { EditorProps } from "./editor_props.ts";
import { useProject } from "./project_context.ts";
import {
  bodyOf,
  differsFromBase,
  envName,
  removeVariant,
  ScopeBar,
  UsesBase,
  withBody,
} from "./scope_bar.tsx";

export function ConfigValueTab(props: EditorProps) {
  const { draft, scope, setDraft, setScope, resetKey, markInvalid } = props;
  const { environments, envId } = useProject();
  const sidebarEnv = scope === "base" ? environments.find((e) => e.id === envId) : undefined;
  const body = bodyOf(draft, scope);
  const schema = schemaFor(draft, scope);
  const key = `${scope}:value`;
  return (
    <div class="stack">
      <ScopeBar {...props} />
      {sidebarEnv && (
        <p class="muted small" role="note">
          {sidebarEnv.name} (chosen in the sidebar) {!bodyOf(draft, sidebarEnv.id)
            ? "uses this base value: a change here changes it too."
            : differsFromBase(draft, sidebarEnv.id)
            ? "has its own value, which differs from the base."
            : "has its own value, the same as the base for now."}{" "}
          <button type="button" class="linkish" onClick={() => setScope(sidebarEnv.id)}>
            Edit {sidebarEnv.name} instead
          </button>
        </p>
      )}
      {!body ? <UsesBase envId={scope} setDraft={setDraft} what="value" /> : (
        <>
          <ValueInput
            key={`${key}:${resetKey}`}
            label={scope === "base" ? "Base value" : `Value in ${envName(environments, scope)}`}
            value={body.value}
            schema={schema}
            rows={14}
            hint="the value when no override matches"
            onValidity={(valid) => markInvalid(key, !valid)}
            onValue={(value) =>
              setDraft((d) => withBody(d, scope, { ...bodyOf(d, scope)!, value }))}
          />
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
