// The JSON Schema of the base or of an environment: edit it, infer it from the value, or
// let an environment use the base schema.
import { useState } from "preact/hooks";
import { JsonEditor } from "../components/json_editor.tsx";
import { Button, Notice } from "../components/ui.tsx";
import { inferSchema, validate } from "../lib/json_schema.ts";
import type { Json } from "../lib/types.ts";
import type { EditorProps } from "./editor_props.ts";
import { useProject } from "./project_context.ts";
import { bodyOf, envName, ScopeBar, UsesBase, withBody } from "./scope_bar.tsx";

export function ConfigSchemaTab(props: EditorProps) {
  const { draft, scope, setDraft, resetKey, markInvalid } = props;
  const { environments } = useProject();
  const body = bodyOf(draft, scope);
  const key = `${scope}:schema`;
  // Bumped on changes made outside the editor (infer, remove), so it shows the new text.
  const [gen, setGen] = useState(0);
  const variant = scope === "base" ? null : draft.variants.find((v) => v.environmentId === scope);
  const setSchema = (schema: Json | null) =>
    setDraft((d) => withBody(d, scope, { ...bodyOf(d, scope)!, schema }));
  const replaceSchema = (schema: Json | null) => {
    markInvalid(key, false);
    setGen((g) => g + 1);
    setSchema(schema);
  };
  const setUseBase = (on: boolean) =>
    setDraft((d) => ({
      ...d,
      variants: d.variants.map((
        v,
      ) => (v.environmentId === scope ? { ...v, useBaseSchema: on } : v)),
    }));
  if (!body) {
    return (
      <div class="stack">
        <ScopeBar {...props} />
        <UsesBase envId={scope} setDraft={setDraft} what="value and schema" />
      </div>
    );
  }
  const ownSchema = !variant || !variant.useBaseSchema;
  const schema = ownSchema ? body.schema : draft.base.schema;
  const problems = schema === null ? [] : validate(schema, body.value);
  return (
    <div class="stack">
      <ScopeBar {...props} />
      {variant && (
        <label class="check">
          <input
            type="checkbox"
            checked={variant.useBaseSchema}
            onChange={(e) => setUseBase((e.target as HTMLInputElement).checked)}
          />
          Use the base schema for {envName(environments, scope)}
        </label>
      )}
      {!ownSchema
        ? (
          <Notice>
            {envName(environments, scope)}{" "}
            is checked against the base schema. Untick the box above to give it its own.
          </Notice>
        )
        : body.schema === null
        ? (
          <div class="card inherit">
            <p>
              No schema: any JSON value is accepted. A schema keeps edits in shape (say, a number
              from 0 to 100) and the dashboard checks values as you type.
            </p>
            <div class="row">
              <Button variant="primary" onClick={() => replaceSchema(inferSchema(body.value))}>
                Infer a schema from the value
              </Button>
              <Button
                onClick={() =>
                  replaceSchema({ $schema: "https://json-schema.org/draft/2020-12/schema" })}
              >
                Start from an empty schema
              </Button>
            </div>
          </div>
        )
        : (
          <>
            <JsonEditor
              key={`${key}:${resetKey}:${gen}`}
              label="JSON Schema"
              value={body.schema}
              rows={16}
              onChange={(value) => {
                markInvalid(key, value === undefined);
                if (value !== undefined) setSchema(value);
              }}
            />
            <div class="row">
              <Button onClick={() => replaceSchema(inferSchema(body.value))}>
                Infer from the current value
              </Button>
              <Button variant="ghost" onClick={() => replaceSchema(null)}>Remove the schema</Button>
            </div>
          </>
        )}
      {schema !== null && (problems.length === 0
        ? <p class="ok small">The current value matches this schema.</p>
        : (
          <Notice kind="warn">
            The current value does not match: {problems[0]!.pointer || "(the value)"}{" "}
            {problems[0]!.message}
          </Notice>
        ))}
      <p class="muted small">
        Drafts 04, 06, 07, 2019-09 and 2020-12 are supported, chosen by{" "}
        <code>$schema</code>. The server validates the base value, every environment's value and
        every override value against it.
      </p>
    </div>
  );
}
