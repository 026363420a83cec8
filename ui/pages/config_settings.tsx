// A config's description, its editors (people who may change its value), and deletion.
import { useState } from "preact/hooks";
import { ConfirmButton } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import { Button, Field, IconButton } from "../components/ui.tsx";
import { configs } from "../lib/endpoints.ts";
import { navigate } from "../lib/router.ts";
import type { EditorProps } from "./config_page.tsx";
import { useProject } from "./project_context.ts";

export function ConfigSettings({ config, draft, setDraft }: EditorProps) {
  const { project, base } = useProject();
  const [email, setEmail] = useState("");
  const editors = draft.editors ?? [];
  const addEditor = (e: Event) => {
    e.preventDefault();
    const value = email.trim().toLowerCase();
    if (!value || editors.includes(value)) return;
    setDraft((d) => ({ ...d, editors: [...(d.editors ?? []), value] }));
    setEmail("");
  };
  return (
    <div class="stack narrow">
      <Field
        label="Description"
        hint="What this config controls and who owns it. Saved with the bar at the bottom."
      >
        {(id, d) => (
          <textarea
            id={id}
            aria-describedby={d}
            rows={3}
            value={draft.description}
            onInput={(e) => {
              const description = (e.target as HTMLTextAreaElement).value;
              setDraft((x) => ({ ...x, description }));
            }}
          />
        )}
      </Field>
      <section class="card">
        <h3>Editors</h3>
        <p class="muted small">
          People who may change this config's values and description even without a project role.
          Membership is by email, so you can add people before they sign up.
        </p>
        {editors.length === 0 ? <p class="muted">No editors.</p> : (
          <ul class="plain-list">
            {editors.map((e) => (
              <li key={e} class="row">
                <span>{e}</span>
                <IconButton
                  icon="x"
                  label={`Remove ${e}`}
                  onClick={() =>
                    setDraft((d) => ({ ...d, editors: (d.editors ?? []).filter((x) => x !== e) }))}
                />
              </li>
            ))}
          </ul>
        )}
        <form class="inline-form" onSubmit={addEditor}>
          <label class="sr-only" for="editor-email">Editor email</label>
          <input
            id="editor-email"
            type="email"
            placeholder="name@example.com"
            value={email}
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
          />
          <Button type="submit" small icon="plus">Add editor</Button>
        </form>
      </section>
      <section class="card danger-zone">
        <h3>Delete this config</h3>
        <p class="muted small">
          Apps that read it get their default value from then on. Its history is kept.
        </p>
        <ConfirmButton
          label="Delete config…"
          title={`Delete "${config.name}"?`}
          message={
            <p>
              SDKs stop receiving <code>{config.name}</code> in every environment of{" "}
              {project.name}. This cannot be undone, though its history stays in the audit log.
            </p>
          }
          confirmLabel="Delete config"
          action={async () => {
            await configs.remove(project.id, config.name);
            toast(`Deleted ${config.name}`);
            navigate(base, { force: true });
          }}
        />
      </section>
    </div>
  );
}
