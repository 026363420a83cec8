// The dialog that creates or edits a webhook endpoint: URL, description, event filter, the
// optional project and environment, enabled.
import { useState } from "preact/hooks";
import { Dialog } from "../components/dialog.tsx";
import { FormActions } from "../components/form_actions.tsx";
import { Field, TextField } from "../components/ui.tsx";
import { environments, projects } from "../lib/endpoints.ts";
import { useData } from "../lib/use_data.ts";
import { useSubmit } from "../lib/use_submit.ts";
import { type NewWebhook, type Webhook, webhooks } from "../lib/webhooks.ts";

export function WebhookEditor(
  { workspaceId, webhook, onClose, onSaved }: {
    workspaceId: string;
    webhook: Webhook | null;
    onClose: () => void;
    onSaved: (saved: Webhook | NewWebhook) => void;
  },
) {
  const allProjects = useData(() => projects.list(workspaceId), [workspaceId]);
  const [url, setUrl] = useState(webhook?.url ?? "");
  const [description, setDescription] = useState(webhook?.description ?? "");
  const [events, setEvents] = useState((webhook?.events ?? ["*"]).join(", "));
  const [projectId, setProjectId] = useState(webhook?.projectId ?? "");
  const [environmentId, setEnvironmentId] = useState(webhook?.environmentId ?? "");
  const [enabled, setEnabled] = useState(webhook?.enabled ?? true);
  const envs = useData(
    () => projectId ? environments.list(projectId) : Promise.resolve([]),
    [projectId],
  );
  const save = useSubmit(async () => {
    const body = {
      url: url.trim(),
      description: description.trim(),
      events: events.split(/[\s,]+/).filter(Boolean),
      projectId: projectId || null,
      environmentId: projectId && environmentId ? environmentId : null,
      enabled,
    };
    onSaved(
      webhook
        ? await webhooks.update(workspaceId, webhook.id, body)
        : await webhooks.create(workspaceId, body),
    );
  });
  return (
    <Dialog title={webhook ? "Edit webhook" : "New webhook"} onClose={onClose} wide>
      <form class="stack" onSubmit={save.onSubmit}>
        <TextField
          label="Endpoint URL"
          type="url"
          required
          placeholder="https://hooks.example.com/dialtone"
          value={url}
          onValue={setUrl}
        />
        <TextField
          label="Description"
          hint="Optional."
          value={description}
          onValue={setDescription}
        />
        <TextField
          label="Events"
          hint="Event types such as config.update, families such as config.*, or * for all; separated by commas."
          value={events}
          onValue={setEvents}
        />
        <Field label="Project">
          {(id) => (
            <select
              id={id}
              value={projectId}
              onChange={(e) => {
                setProjectId((e.target as HTMLSelectElement).value);
                setEnvironmentId("");
              }}
            >
              <option value="">Every project</option>
              {allProjects.data?.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          )}
        </Field>
        {projectId && (
          <Field label="Environment" hint="Only changes that concern this environment.">
            {(id) => (
              <select
                id={id}
                value={environmentId}
                onChange={(e) => setEnvironmentId((e.target as HTMLSelectElement).value)}
              >
                <option value="">Every environment</option>
                {envs.data?.map((e) => <option key={e.id} value={e.id}>{e.name}</option>)}
              </select>
            )}
          </Field>
        )}
        <label class="check">
          <input
            type="checkbox"
            checked={enabled}
            onChange={(e) => setEnabled((e.target as HTMLInputElement).checked)}
          />{" "}
          Enabled
        </label>
        <FormActions
          submit={save}
          label={webhook ? "Save webhook" : "Create webhook"}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
