// SDK keys: one per app and environment. The key is shown once, with ready-to-paste
// snippets for the JS/TS SDK and for curl.
import { useState } from "preact/hooks";
import { CopyButton } from "../components/copy_button.tsx";
import { ConfirmButton, Dialog } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import {
  Button,
  EmptyState,
  ErrorBox,
  Field,
  Loading,
  Notice,
  onTablistKeyDown,
  PageHeader,
  TextField,
} from "../components/ui.tsx";
import { sdkKeys } from "../lib/endpoints.ts";
import { ago, dateTime } from "../lib/format.ts";
import type { NewSdkKey } from "../lib/types.ts";
import { useData } from "../lib/use_data.ts";
import { useProject } from "./project_context.ts";

export function SdkKeysPage() {
  const { project, environments } = useProject();
  const list = useData(() => sdkKeys.list(project.id), [project.id]);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<NewSdkKey | null>(null);
  const envName = (id: string) =>
    environments.find((e) => e.id === id)?.name ?? "deleted environment";
  const create = (
    <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>New SDK key</Button>
  );
  return (
    <>
      <PageHeader
        title="SDK keys"
        subtitle="An SDK key lets an application read the configs of one environment. It cannot change anything."
        actions={create}
      />
      {created && (
        <KeyCreated
          created={created}
          envName={envName(created.environmentId)}
          onDone={() => setCreated(null)}
        />
      )}
      <ErrorBox error={list.error} />
      {list.loading && !list.data
        ? <Loading />
        : list.data?.length === 0
        ? (
          <EmptyState title="No SDK keys yet" icon="key" action={create}>
            Create a key for each application and environment, then paste it into the SDK's connect
            call.
          </EmptyState>
        )
        : (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Environment</th>
                  <th>Key</th>
                  <th>Created</th>
                  <th>
                    <span class="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data?.map((k) => (
                  <tr key={k.id}>
                    <td>
                      <strong>{k.name}</strong>
                      {k.description && <div class="muted small">{k.description}</div>}
                    </td>
                    <td>{envName(k.environmentId)}</td>
                    <td>
                      <code>{k.prefix}…{k.suffix}</code>
                    </td>
                    <td title={dateTime(k.createdAt)}>{ago(k.createdAt)}</td>
                    <td class="actions">
                      <ConfirmButton
                        small
                        label="Revoke"
                        title={`Revoke "${k.name}"?`}
                        message={
                          <p>
                            Apps using this key are disconnected within a second and cannot
                            reconnect with it.
                          </p>
                        }
                        confirmLabel="Revoke key"
                        action={async () => {
                          await sdkKeys.remove(project.id, k.id);
                          toast(`Revoked ${k.name}`);
                          await list.reload();
                        }}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      {creating && (
        <NewKey
          onClose={() => setCreating(false)}
          onCreated={async (k) => {
            setCreating(false);
            setCreated(k);
            await list.reload();
          }}
        />
      )}
    </>
  );
}

function NewKey(
  { onClose, onCreated }: { onClose: () => void; onCreated: (k: NewSdkKey) => void },
) {
  const { project, environments, envId } = useProject();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [environmentId, setEnvironmentId] = useState(envId ?? environments[0]?.id ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(
        await sdkKeys.create(project.id, {
          name: name.trim(),
          description: description.trim(),
          environmentId,
        }),
      );
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title="New SDK key" onClose={onClose}>
      <form class="stack" onSubmit={submit}>
        <TextField
          label="Name"
          hint="Which app uses it, e.g. web-frontend."
          required
          value={name}
          onValue={setName}
        />
        <TextField
          label="Description"
          hint="Optional."
          value={description}
          onValue={setDescription}
        />
        <Field label="Environment">
          {(id) => (
            <select
              id={id}
              value={environmentId}
              onChange={(e) => setEnvironmentId((e.target as HTMLSelectElement).value)}
            >
              {environments.map((env) => <option key={env.id} value={env.id}>{env.name}</option>)}
            </select>
          )}
        </Field>
        <ErrorBox error={error} />
        <div class="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy}>Create key</Button>
        </div>
      </form>
    </Dialog>
  );
}

function KeyCreated(
  { created, envName, onDone }: { created: NewSdkKey; envName: string; onDone: () => void },
) {
  const origin = location.origin;
  const [tab, setTab] = useState<"js" | "curl">("js");
  const js = `import { Replane } from "@replanejs/sdk";

const replane = new Replane({ context: { userId: "user-123" } });
await replane.connect({
  baseUrl: "${origin}",
  sdkKey: "${created.key}",
});

const value = replane.get("my-config");
replane.subscribe("my-config", (config) => console.log(config.value));`;
  const curl = `curl -N -X POST ${origin}/api/sdk/v1/replication/stream \\
  -H "Authorization: Bearer ${created.key}" \\
  -H "Content-Type: application/json" \\
  -H "Accept: text/event-stream" \\
  -d '{}'`;
  return (
    <section class="card key-created" aria-label="New SDK key">
      <Notice kind="success">
        <strong>Key “{created.name}” for {envName} created.</strong>{" "}
        Copy it now: it is shown only once.
      </Notice>
      <div class="secret-row">
        <code class="secret" data-testid="new-sdk-key">{created.key}</code>
        <CopyButton text={created.key} label="Copy key" />
      </div>
      <div
        class="tabs small-tabs"
        role="tablist"
        aria-label="Connection snippet"
        onKeyDown={onTablistKeyDown}
      >
        <button
          type="button"
          role="tab"
          class={`tab ${tab === "js" ? "active" : ""}`}
          aria-selected={tab === "js"}
          tabIndex={tab === "js" ? 0 : -1}
          onClick={() => setTab("js")}
        >
          JavaScript / TypeScript
        </button>
        <button
          type="button"
          role="tab"
          class={`tab ${tab === "curl" ? "active" : ""}`}
          aria-selected={tab === "curl"}
          tabIndex={tab === "curl" ? 0 : -1}
          onClick={() => setTab("curl")}
        >
          curl
        </button>
      </div>
      <div role="tabpanel">
        {tab === "js" && (
          <p class="small muted">
            Install with <code>npm install @replanejs/sdk</code>, then:
          </p>
        )}
        <pre class="code-block">{tab === "js" ? js : curl}</pre>
        <CopyButton text={tab === "js" ? js : curl} label="Copy snippet" />
      </div>
      <div>
        <Button small onClick={onDone}>I have saved the key</Button>
      </div>
    </section>
  );
}
