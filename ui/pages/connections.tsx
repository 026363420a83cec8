// SDK connections of the chosen environment: which clients are connected (SDK and version,
// address, since when), the revision last sent to each and whether they run the latest; per
// config, how many clients applied its current revision and how many are behind. Refreshes
// every few seconds.
import { AsyncTable } from "../components/async_table.tsx";
import { Badge, Button, EmptyState, ErrorBox, Loading, PageHeader } from "../components/ui.tsx";
import { environments as envApi } from "../lib/endpoints.ts";
import { ago, dateTime, plural } from "../lib/format.ts";
import type { ConnectionClient, ConnectionConfig, Connections } from "../lib/types.ts";
import { useData, useInterval } from "../lib/use_data.ts";
import { useProject } from "./project_context.ts";

export function ConnectionsPage() {
  const { project, envId, environments } = useProject();
  const env = environments.find((e) => e.id === envId);
  const view = useData(
    () => envId ? envApi.connections(project.id, envId) : Promise.resolve(null),
    [project.id, envId],
  );
  useInterval(() => void view.reload(), 5000, envId !== null);
  const refresh = (
    <Button icon="swap" onClick={() => void view.reload()} disabled={view.loading}>
      Refresh
    </Button>
  );
  const v = view.data;
  return (
    <>
      <PageHeader
        title="SDK connections"
        subtitle={env
          ? `Apps connected to ${env.name} and the revision each one runs.`
          : "Choose an environment."}
        actions={refresh}
      />
      <ErrorBox error={view.error} title="Cannot load the connections." />
      {v === undefined
        ? (view.loading || !view.error) && <Loading />
        : v === null
        ? <EmptyState title="No environment" />
        : <ConnectionsView v={v} />}
    </>
  );
}

function ConnectionsView({ v }: { v: Connections }) {
  const clients = { data: v.clients, loading: false, error: null };
  const configs = { data: v.configs, loading: false, error: null };
  const behind = v.clients.filter((c) => !c.delivered).length;
  return (
    <div class="stack">
      <p data-testid="connections-summary">
        {plural(v.clients.length, "client")} connected, {v.clients.length - behind} on the latest
        {" "}
        revision <code>{v.latestRevision}</code>
        {behind > 0 && <>, {behind} behind</>}.
      </p>
      <h2>Clients</h2>
      <AsyncTable
        data={clients}
        class="connections-clients"
        empty={
          <EmptyState title="No SDK is connected" icon="monitor">
            Apps appear here while they hold a stream to this environment.
          </EmptyState>
        }
        head={
          <>
            <th>Client</th>
            <th>SDK</th>
            <th>Address</th>
            <th>Connected</th>
            <th class="num">Revision sent</th>
            <th class="num">Acknowledged</th>
            <th>State</th>
          </>
        }
        row={(c) => <ClientRow key={`${c.clientId}@${c.connectedAt}`} c={c} />}
      />
      <h2>Configs</h2>
      <AsyncTable
        data={configs}
        class="connections-configs"
        empty={<EmptyState title="No configs in this environment" />}
        head={
          <>
            <th>Config</th>
            <th class="num">Revision</th>
            <th>Clients</th>
          </>
        }
        row={(c) => <ConfigRow key={c.name} c={c} />}
      />
    </div>
  );
}

function ClientRow({ c }: { c: ConnectionClient }) {
  return (
    <tr data-client={c.clientId}>
      <td>
        <code>{c.clientId}</code>
      </td>
      <td title={c.userAgent}>
        {c.sdk.name}
        {c.sdk.version && <span class="muted">&nbsp;{c.sdk.version}</span>}
      </td>
      <td class="mono">{c.address}</td>
      <td title={dateTime(c.connectedAt)}>{ago(c.connectedAt)}</td>
      <td class="num">{c.sentRevision}</td>
      <td class="num" title={c.ackedAt ? dateTime(c.ackedAt) : undefined}>
        {c.ackedRevision ?? "—"}
      </td>
      <td>
        <ClientState c={c} />
      </td>
    </tr>
  );
}

function ClientState({ c }: { c: ConnectionClient }) {
  const state = c.applied
    ? <Badge tone="good">Applied latest</Badge>
    : c.delivered
    ? <Badge tone="accent">On latest</Badge>
    : <Badge tone="warn">Behind</Badge>;
  return (
    <>
      {state}
      {!c.reading && (
        <>
          {" "}
          <Badge tone="bad">Not reading</Badge>
        </>
      )}
    </>
  );
}

function ConfigRow({ c }: { c: ConnectionConfig }) {
  return (
    <tr data-config={c.name}>
      <td>
        <code>{c.name}</code>
      </td>
      <td class="num">{c.revision}</td>
      <td>
        {c.clients === 0 ? <span class="muted">No clients</span> : (
          <>
            {plural(c.applied, "client")} applied the latest version, {c.behind} behind
            {c.oldestRevision !== null && <>, oldest at revision {c.oldestRevision}</>}
            {c.delivered > c.applied && <span class="muted">&nbsp;({c.delivered} sent it)</span>}
          </>
        )}
      </td>
    </tr>
  );
}
