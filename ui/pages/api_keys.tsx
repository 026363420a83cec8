// Workspace API keys for automation (the admin API): scopes, a project allow-list, expiry.
// The token is shown once.
import { useState } from "preact/hooks";
import { ConfirmButton, Dialog } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import { ActionsHead, AsyncTable } from "../components/async_table.tsx";
import { Button, EmptyState, PageHeader, TextField } from "../components/ui.tsx";
import { FormActions } from "../components/form_actions.tsx";
import { SecretOnce } from "../components/secret_once.tsx";
import { projects, workspaces } from "../lib/endpoints.ts";
import { ago, dateTime } from "../lib/format.ts";
import type { NewApiKey } from "../lib/types.ts";
import { useData } from "../lib/use_data.ts";
import { useSubmit } from "../lib/use_submit.ts";

const RESOURCES = ["project", "config", "environment", "sdk_key", "member"] as const;

export function ApiKeysPage({ workspaceId }: { workspaceId: string }) {
  const list = useData(() => workspaces.apiKeys(workspaceId), [workspaceId]);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<NewApiKey | null>(null);
  const create = (
    <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>New API key</Button>
  );
  const token = created?.key ?? "";
  return (
    <>
      <PageHeader
        title="API keys"
        subtitle="For scripts and CI: call the admin API with Authorization: Bearer <key>. Only workspace admins manage them."
        actions={create}
      />
      {created && (
        <SecretOnce
          title={`API key “${created.name}” created.`}
          secret={token}
          testId="new-api-key"
          onDone={() => setCreated(null)}
        >
          <pre class="code-block">{`curl ${location.origin}/api/admin/v1/projects -H "Authorization: Bearer ${token}"`}</pre>
        </SecretOnce>
      )}
      <AsyncTable
        data={list}
        empty={
          <EmptyState title="No API keys" icon="key" action={create}>
            Create a key with only the scopes a script needs, limited to some projects and with an
            expiry if you can.
          </EmptyState>
        }
        head={
          <>
            <th>Name</th>
            <th>Scopes</th>
            <th>Projects</th>
            <th>Expires</th>
            <th>Last used</th>
            <ActionsHead />
          </>
        }
        row={(k) => (
          <tr key={k.id}>
            <td>
              <strong>{k.name}</strong>
              {k.prefix && <div class="muted small mono">{k.prefix}…{k.suffix}</div>}
            </td>
            <td class="small">{k.scopes.join(", ") || "none"}</td>
            <td class="small">
              {k.projectIds === null ? "all" : `${k.projectIds.length} selected`}
            </td>
            <td class="small" title={dateTime(k.expiresAt)}>
              {k.expiresAt ? ago(k.expiresAt) : "never"}
            </td>
            <td class="small">{ago(k.lastUsedAt)}</td>
            <td class="actions">
              <ConfirmButton
                small
                label="Delete"
                title={`Delete "${k.name}"?`}
                message={<p>Requests with this key fail from now on.</p>}
                confirmLabel="Delete key"
                action={async () => {
                  await workspaces.deleteApiKey(workspaceId, k.id);
                  toast(`Deleted ${k.name}`);
                  await list.reload();
                }}
              />
            </td>
          </tr>
        )}
      />
      {creating && (
        <NewApiKeyDialog
          workspaceId={workspaceId}
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

function NewApiKeyDialog(
  { workspaceId, onClose, onCreated }: {
    workspaceId: string;
    onClose: () => void;
    onCreated: (k: NewApiKey) => void;
  },
) {
  const all = useData(() => projects.list(workspaceId), [workspaceId]);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [scopes, setScopes] = useState<Set<string>>(new Set(["config:read"]));
  const [limit, setLimit] = useState(false);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [expires, setExpires] = useState("");
  const toggle = (set: Set<string>, value: string, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(value);
    else next.delete(value);
    return next;
  };
  const save = useSubmit(async () =>
    onCreated(
      await workspaces.createApiKey(workspaceId, {
        name: name.trim(),
        description: description.trim(),
        scopes: [...scopes],
        projectIds: limit ? [...picked] : null,
        expiresAt: expires ? new Date(`${expires}T23:59:59`).toISOString() : null,
      }),
    )
  );
  return (
    <Dialog title="New API key" onClose={onClose} wide>
      <form class="stack" onSubmit={save.onSubmit}>
        <TextField label="Name" required value={name} onValue={setName} />
        <TextField
          label="Description"
          hint="Optional."
          value={description}
          onValue={setDescription}
        />
        <fieldset class="scopes">
          <legend>Scopes (write includes read)</legend>
          <table class="table compact">
            <thead>
              <tr>
                <th>Resource</th>
                <th>read</th>
                <th>write</th>
              </tr>
            </thead>
            <tbody>
              {RESOURCES.map((r) => (
                <tr key={r}>
                  <td>{r.replace("_", " ")}</td>
                  {(["read", "write"] as const).map((a) => (
                    <td key={a}>
                      <input
                        type="checkbox"
                        aria-label={`${r}:${a}`}
                        checked={scopes.has(`${r}:${a}`)}
                        onChange={(e) =>
                          setScopes(
                            toggle(scopes, `${r}:${a}`, (e.target as HTMLInputElement).checked),
                          )}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <label class="check">
            <input
              type="checkbox"
              aria-label="bypass-approvals"
              checked={scopes.has("bypass-approvals")}
              onChange={(e) =>
                setScopes(
                  toggle(scopes, "bypass-approvals", (e.target as HTMLInputElement).checked),
                )}
            />{" "}
            bypass-approvals: with config write, change environments that require approval directly
            (audited)
          </label>
        </fieldset>
        <label class="check">
          <input
            type="checkbox"
            checked={limit}
            onChange={(e) => setLimit((e.target as HTMLInputElement).checked)}
          />{" "}
          Only some projects
        </label>
        {limit && (
          <fieldset class="project-picks">
            <legend class="sr-only">Projects</legend>
            {all.data?.map((p) => (
              <label key={p.id} class="check">
                <input
                  type="checkbox"
                  checked={picked.has(p.id)}
                  onChange={(e) =>
                    setPicked(toggle(picked, p.id, (e.target as HTMLInputElement).checked))}
                />{" "}
                {p.name}
              </label>
            ))}
          </fieldset>
        )}
        <TextField
          label="Expires on"
          hint="Optional; the key stops working at the end of that day."
          type="date"
          value={expires}
          onValue={setExpires}
        />
        <FormActions submit={save} label="Create key" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
