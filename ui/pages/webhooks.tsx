// The workspace's webhook endpoints: list, create (the signing secret is shown once), edit,
// enable or disable, delete. Each endpoint's deliveries are on its own page (webhook_page.tsx).
import { useState } from "preact/hooks";
import { ConfirmButton } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import { ActionsHead, AsyncTable } from "../components/async_table.tsx";
import { Badge, Button, EmptyState, Link, PageHeader } from "../components/ui.tsx";
import { SecretOnce } from "../components/secret_once.tsx";
import { ago } from "../lib/format.ts";
import { useData } from "../lib/use_data.ts";
import { type NewWebhook, type Webhook, webhooks } from "../lib/webhooks.ts";
import { WebhookEditor } from "./webhook_editor.tsx";

export function WebhooksPage({ workspaceId }: { workspaceId: string }) {
  const list = useData(() => webhooks.list(workspaceId), [workspaceId]);
  const [editing, setEditing] = useState<Webhook | "new" | null>(null);
  const [created, setCreated] = useState<NewWebhook | null>(null);
  const create = (
    <Button variant="primary" icon="plus" onClick={() => setEditing("new")}>New webhook</Button>
  );
  return (
    <>
      <PageHeader
        title="Webhooks"
        subtitle="Signed events for every change in this workspace, POSTed to your endpoints. Only workspace admins manage them."
        actions={create}
      />
      {created && (
        <SecretOnce
          title={`Webhook for ${hostOf(created.url)} created.`}
          secret={created.secret}
          testId="new-webhook-secret"
          label="Signing secret"
          onDone={() => setCreated(null)}
        >
          <p class="small">
            Verify each delivery's <code>webhook-signature</code>{" "}
            with this secret (Standard Webhooks); docs/webhooks.md shows how.
          </p>
        </SecretOnce>
      )}
      <AsyncTable
        data={list}
        empty={
          <EmptyState title="No webhooks" icon="out" action={create}>
            Tell CI, chat or your own audit store about flag changes as they happen.
          </EmptyState>
        }
        head={
          <>
            <th>Endpoint</th>
            <th>Events</th>
            <th>Scope</th>
            <th>Status</th>
            <th>Changed</th>
            <ActionsHead />
          </>
        }
        row={(h) => (
          <tr key={h.id}>
            <td>
              <Link href={`/w/${workspaceId}/webhooks/${h.id}`}>
                <strong class="mono">{hostOf(h.url)}</strong>
              </Link>
              {h.description && <div class="muted small">{h.description}</div>}
            </td>
            <td class="small">{h.events.join(", ")}</td>
            <td class="small">{h.projectId ? "one project" : "whole workspace"}</td>
            <td>
              {h.enabled
                ? <Badge tone="good">enabled</Badge>
                : <Badge tone={h.disabledReason ? "bad" : "neutral"}>disabled</Badge>}
              {h.disabledReason && <div class="muted small">{h.disabledReason}</div>}
            </td>
            <td class="small">{ago(h.updatedAt)}</td>
            <td class="actions">
              <Button small onClick={() => setEditing(h)}>Edit</Button>
              <ConfirmButton
                small
                label="Delete"
                title={`Delete the webhook for ${hostOf(h.url)}?`}
                message={<p>Its queued deliveries and its delivery log are deleted too.</p>}
                confirmLabel="Delete webhook"
                action={async () => {
                  await webhooks.remove(workspaceId, h.id);
                  toast(`Deleted the webhook for ${hostOf(h.url)}`);
                  await list.reload();
                }}
              />
            </td>
          </tr>
        )}
      />
      {editing && (
        <WebhookEditor
          workspaceId={workspaceId}
          webhook={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={async (saved) => {
            setEditing(null);
            if ("secret" in saved) setCreated(saved as NewWebhook);
            else toast(`Saved the webhook for ${hostOf(saved.url)}`);
            await list.reload();
          }}
        />
      )}
    </>
  );
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
