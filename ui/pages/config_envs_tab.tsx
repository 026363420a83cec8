// Base and every environment side by side: value, overrides, schema; and the switches that
// give an environment its own value or make it use the base schema.
import type { ComponentChildren } from "preact";
import { Badge, Button } from "../components/ui.tsx";
import { pretty } from "../lib/format.ts";
import { validate } from "../lib/json_schema.ts";
import { navigate } from "../lib/router.ts";
import type { ConfigBody, Json } from "../lib/types.ts";
import type { EditorProps } from "./editor_props.ts";
import { useProject } from "./project_context.ts";
import { addVariant, differsFromBase, removeVariant } from "./scope_bar.tsx";

export function ConfigEnvironments({ config, draft, setDraft }: EditorProps) {
  const { environments, base } = useProject();
  // Same page, another tab: the draft stays, so no "unsaved changes" question.
  const edit = (scope: string) =>
    navigate(
      `${base}/configs/${encodeURIComponent(config.name)}?scope=${encodeURIComponent(scope)}`,
      {
        force: true,
      },
    );
  const setUseBase = (envId: string, on: boolean) =>
    setDraft((d) => ({
      ...d,
      variants: d.variants.map((
        v,
      ) => (v.environmentId === envId ? { ...v, useBaseSchema: on } : v)),
    }));
  return (
    <div class="env-grid" style={{ "--cols": String(environments.length + 1) }}>
      <Column
        title="Base"
        body={draft.base}
        schema={draft.base.schema}
        note="Served wherever an environment has no value of its own."
      >
        <Button small onClick={() => edit("base")}>Edit base</Button>
      </Column>
      {environments.map((env) => {
        const variant = draft.variants.find((v) => v.environmentId === env.id);
        if (!variant) {
          return (
            <Column
              key={env.id}
              title={env.name}
              body={null}
              inherited={draft.base.value}
              schema={draft.base.schema}
              note="Uses the base value and overrides."
            >
              <Button small icon="plus" onClick={() => setDraft((d) => addVariant(d, env.id))}>
                Own value
              </Button>
            </Column>
          );
        }
        const schema = variant.useBaseSchema ? draft.base.schema : variant.schema;
        return (
          <Column
            key={env.id}
            title={env.name}
            body={variant}
            schema={schema}
            own
            diverged={differsFromBase(draft, env.id)}
          >
            <label class="check small">
              <input
                type="checkbox"
                checked={variant.useBaseSchema}
                onChange={(e) => setUseBase(env.id, (e.target as HTMLInputElement).checked)}
              />
              Use base schema
            </label>
            <div class="row">
              <Button small onClick={() => edit(env.id)}>Edit</Button>
              <Button
                small
                variant="ghost"
                onClick={() => setDraft((d) => removeVariant(d, env.id))}
              >
                Use base
              </Button>
            </div>
          </Column>
        );
      })}
    </div>
  );
}

function Column(
  { title, body, inherited, schema, note, own, diverged, children }: {
    title: string;
    body: ConfigBody | null;
    inherited?: Json;
    schema: ConfigBody["schema"];
    note?: string;
    own?: boolean;
    /** An own value or overrides that are not the base's. */
    diverged?: boolean;
    children: ComponentChildren;
  },
) {
  const problems = body && schema !== null ? validate(schema, body.value) : [];
  return (
    <section class={`env-col ${body ? "" : "inherits"}`} aria-label={title}>
      <header>
        <h3>{title}</h3>
        {own && <Badge tone="accent">own value</Badge>}
        {own &&
          (diverged ? <Badge tone="warn">differs from base</Badge> : <Badge>same as base</Badge>)}
        {!body && <Badge>inherits</Badge>}
      </header>
      {body
        ? (
          <>
            <pre class="code-block">{pretty(body.value)}</pre>
            <p class="small">
              {body.overrides.length
                ? `${body.overrides.length} override${body.overrides.length > 1 ? "s" : ""}: ${
                  body.overrides.map((o) => o.name).join(", ")
                }`
                : "No overrides"}
            </p>
            <p class="small muted">
              {schema === null
                ? "No schema"
                : problems.length
                ? `Does not match its schema: ${problems[0]!.message}`
                : "Matches its schema"}
            </p>
          </>
        )
        : (
          <pre class="code-block inherited" aria-label="Inherited base value">
            {pretty(inherited)}
          </pre>
        )}
      {note && <p class="small muted">{note}</p>}
      <div class="env-actions">{children}</div>
    </section>
  );
}
