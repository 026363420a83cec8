// SDK keys: one per app and environment. The key is shown once, with ready-to-paste
// snippets for the JS/TS SDK and for curl.
import { useState } from "preact/hooks";
import { CopyButton } from "../components/copy_button.tsx";
import { ConfirmButton, Dialog } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import { ActionsHead, AsyncTable } from "../components/async_table.tsx";
import {
  Button,
  EmptyState,
  Field,
  onTablistKeyDown,
  PageHeader,
  TextField,
} from "../components/ui.tsx";
import { FormActions } from "../components/form_actions.tsx";
import { SecretOnce } from "../components/secret_once.tsx";
import { configs, sdkKeys } from "../lib/endpoints.ts";
import { dialtoneSnippet, jsSnippet } from "../lib/sdk_snippet.ts";
import { ago, dateTime } from "../lib/format.ts";
import type { NewSdkKey } from "../lib/types.ts";
import { useData } from "../lib/use_data.ts";
import { useSubmit } from "../lib/use_submit.ts";
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
      <AsyncTable
        data={list}
        empty={
          <EmptyState title="No SDK keys yet" icon="key" action={create}>
            Create a key for each application and environment, then paste it into the SDK's connect
            call.
          </EmptyState>
        }
        head={
          <>
            <th>Name</th>
            <th>Environment</th>
            <th>Key</th>
            <th>Created</th>
            <ActionsHead />
          </>
        }
        row={(k) => (
          <tr key={k.id}>
            <td>
              <strong>{k.name}</strong>
              {k.description && <div class="muted small">{k.description}</div>}
              {k.readSensitive && (
                <div>
                  <span class="badge" title="This key receives sensitive configs">
                    reads sensitive
                  </span>
                </div>
              )}
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
                    Apps using this key are disconnected within a second and cannot reconnect with
                    it.
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
        )}
      />
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
  const [readSensitive, setReadSensitive] = useState(false);
  const save = useSubmit(async () =>
    onCreated(
      await sdkKeys.create(project.id, {
        name: name.trim(),
        description: description.trim(),
        environmentId,
        readSensitive,
      }),
    )
  );
  return (
    <Dialog title="New SDK key" onClose={onClose}>
      <form class="stack" onSubmit={save.onSubmit}>
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
        <div>
          <label class="check">
            <input
              type="checkbox"
              checked={readSensitive}
              onChange={(e) => setReadSensitive((e.target as HTMLInputElement).checked)}
            />
            May read sensitive configs
          </label>
          <div class="hint">
            Without this, apps using the key never receive configs marked sensitive.
          </div>
        </div>
        <FormActions submit={save} label="Create key" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

type Tab = "js" | "dialtone" | "curl";
const TABS: [Tab, string][] = [
  ["js", "JavaScript / TypeScript"],
  ["dialtone", "Dialtone SDK"],
  ["curl", "curl"],
];

function KeyCreated(
  { created, envName, onDone }: { created: NewSdkKey; envName: string; onDone: () => void },
) {
  const { project } = useProject();
  const origin = location.origin;
  const [tab, setTab] = useState<Tab>("js");
  // The most recently changed config, so the snippet names one that exists.
  const example = useData(async () => {
    const list = await configs.list(project.id);
    const latest = list.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
    return latest ? await configs.get(project.id, latest.name) : null;
  }, [project.id]);
  const loading = example.loading && example.data === undefined;
  const snippet = (make: typeof jsSnippet) =>
    loading
      ? "Loading the project's configs…"
      : make(origin, created.key, example.data ?? null, created.environmentId);
  const curl = `curl -N -X POST ${origin}/api/sdk/v1/replication/stream \\
  -H "Authorization: Bearer ${created.key}" \\
  -H "Content-Type: application/json" \\
  -H "Accept: text/event-stream" \\
  -d '{}'`;
  const text = tab === "curl" ? curl : snippet(tab === "js" ? jsSnippet : dialtoneSnippet);
  return (
    <SecretOnce
      title={`Key “${created.name}” for ${envName} created.`}
      secret={created.key}
      testId="new-sdk-key"
      label="New SDK key"
      onDone={onDone}
    >
      <div
        class="tabs small-tabs"
        role="tablist"
        aria-label="Connection snippet"
        onKeyDown={onTablistKeyDown}
      >
        {TABS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            class={`tab ${tab === id ? "active" : ""}`}
            aria-selected={tab === id}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => setTab(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab !== "curl" && (
          <p class="small muted">
            Install with{" "}
            <code>npm install {tab === "js" ? "@replanejs/sdk" : "@dialtone/sdk"}</code>
            {tab === "dialtone" && " (Dialtone's own SDK: resume, deletions, offline start)"}, then:
          </p>
        )}
        <pre class="code-block">{text}</pre>
        <CopyButton text={text} label="Copy snippet" />
      </div>
    </SecretOnce>
  );
}
