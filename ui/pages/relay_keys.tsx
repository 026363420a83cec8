// Relay keys (rpr_…) of a workspace: what a relay instance presents to this one's replication
// feed (docs/relay.md). List with each key's scope, create (the key is shown once), delete.
import { useState } from "preact/hooks";
import { ConfirmButton } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import { ActionsHead, AsyncTable } from "../components/async_table.tsx";
import { Button, EmptyState, PageHeader } from "../components/ui.tsx";
import { SecretOnce } from "../components/secret_once.tsx";
import { environments, projects, workspaces } from "../lib/endpoints.ts";
import { ago, dateTime } from "../lib/format.ts";
import type { NewRelayKey, RelayKey } from "../lib/types.ts";
import { useData } from "../lib/use_data.ts";
import { NewRelayKeyDialog } from "./relay_key_dialog.tsx";

const relayCommand = (key: string) =>
  `UPSTREAM_URL=${location.origin} \\\n  UPSTREAM_KEY=${key} \\\n  dialtone serve`;

export function RelayKeysPage({ workspaceId }: { workspaceId: string }) {
  const list = useData(() => workspaces.relayKeys(workspaceId), [workspaceId]);
  const names = useScopeNames(workspaceId, list.data);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<NewRelayKey | null>(null);
  const create = (
    <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>New relay key</Button>
  );
  return (
    <>
      <PageHeader
        title="Relay keys"
        subtitle="A relay is a Dialtone instance in another region or network that follows this one and serves SDKs from its own copy. Only workspace admins manage relay keys."
        actions={create}
      />
      {created && (
        <SecretOnce
          title={`Relay key “${created.name}” created.`}
          secret={created.key}
          testId="new-relay-key"
          label="New relay key"
          onDone={() => setCreated(null)}
        >
          <p class="small">Start the relay with it (no DATABASE_URL):</p>
          <pre class="code-block">{relayCommand(created.key)}</pre>
        </SecretOnce>
      )}
      <div class="stack">
        <AsyncTable
          data={list}
          empty={
            <EmptyState title="No relay keys" icon="key" action={create}>
              Make one key per relay (or per group of relays behind one load balancer), reading only
              the projects or environments it serves.
            </EmptyState>
          }
          head={
            <>
              <th>Name</th>
              <th>Reads</th>
              <th>Created</th>
              <ActionsHead />
            </>
          }
          row={(k) => (
            <tr key={k.id} data-testid="relay-key">
              <td>
                <strong>{k.name}</strong>
                <div class="muted small mono">{k.prefix}…{k.suffix}</div>
                {k.description && <div class="muted small">{k.description}</div>}
              </td>
              <td class="small">{scopeText(k, names)}</td>
              <td class="small" title={dateTime(k.createdAt)}>{ago(k.createdAt)}</td>
              <td class="actions">
                <ConfirmButton
                  small
                  label="Delete"
                  title={`Delete "${k.name}"?`}
                  message={
                    <p>
                      Relays using this key lose their feed within a second. They keep serving what
                      they have, and no longer receive changes.
                    </p>
                  }
                  confirmLabel="Delete key"
                  action={async () => {
                    await workspaces.deleteRelayKey(workspaceId, k.id);
                    toast(`Deleted ${k.name}`);
                    await list.reload();
                  }}
                />
              </td>
            </tr>
          )}
        />
        <section class="card" aria-label="How to run a relay">
          <strong>Running a relay</strong>
          <p class="small">
            Start the same dialtone binary with no database, pointed at this instance with a relay
            key; SDKs then connect to the relay with their usual SDK keys:
          </p>
          <pre class="code-block">{relayCommand("rpr_…")}</pre>
          <p class="small muted">
            docs/relay.md covers scope, readiness, metrics, and running relays in several regions.
          </p>
        </section>
      </div>
      {creating && (
        <NewRelayKeyDialog
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

type ScopeNames = { projects: Map<string, string>; environments: Map<string, string> };

/** Project names, and "project / environment" names once some key is scoped to environments;
 * null until they are loaded. */
function useScopeNames(workspaceId: string, keys: RelayKey[] | undefined): ScopeNames | null {
  const needEnvs = keys?.some((k) => k.environmentIds) ?? false;
  const names = useData(async () => {
    const all = await projects.list(workspaceId);
    const envNames = new Map<string, string>();
    if (needEnvs) {
      const lists = await Promise.all(all.map((p) => environments.list(p.id)));
      all.forEach((p, i) => {
        for (const env of lists[i] ?? []) envNames.set(env.id, `${p.name} / ${env.name}`);
      });
    }
    return { projects: new Map(all.map((p) => [p.id, p.name])), environments: envNames };
  }, [workspaceId, needEnvs]);
  return names.data ?? null;
}

function scopeText(k: RelayKey, names: ScopeNames | null): string {
  if (k.scope === "workspace") return "The whole workspace";
  const projectScope = k.scope === "projects";
  const ids = (projectScope ? k.projectIds : k.environmentIds) ?? [];
  const noun = projectScope ? "project" : "environment";
  if (!names) return `${ids.length} ${noun}${ids.length === 1 ? "" : "s"}`;
  const map = projectScope ? names.projects : names.environments;
  const listed = ids.map((id) => map.get(id) ?? `a deleted ${noun}`);
  return `${projectScope ? "Projects" : "Environments"}: ${listed.join(", ")}`;
}
