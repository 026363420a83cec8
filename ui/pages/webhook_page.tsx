// One webhook endpoint: its delivery log (status, attempts, latency, response code and the
// first bytes of the answer), refreshed while open; send a test event, redeliver one event,
// replay every dead letter, rotate the signing secret, edit.
import { useState } from "preact/hooks";
import { ConfirmButton } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import { ActionsHead, AsyncTable } from "../components/async_table.tsx";
import { SecretOnce } from "../components/secret_once.tsx";
import { Badge, Button, EmptyState, ErrorBox, Field, Link, PageHeader } from "../components/ui.tsx";
import { ago, dateTime, plural } from "../lib/format.ts";
import { useData, useInterval } from "../lib/use_data.ts";
import { useSubmit } from "../lib/use_submit.ts";
import { type Delivery, type NewWebhook, webhooks } from "../lib/webhooks.ts";
import { WebhookEditor } from "./webhook_editor.tsx";
import { hostOf } from "./webhooks.tsx";

const TONE = { delivered: "good", dead: "bad", pending: "warn", delivering: "accent" } as const;

export function WebhookPage(
  { workspaceId, webhookId }: { workspaceId: string; webhookId: string },
) {
  const hook = useData(() => webhooks.get(workspaceId, webhookId), [workspaceId, webhookId]);
  const [state, setState] = useState("");
  const log = useData(
    () => webhooks.deliveries(workspaceId, webhookId, state),
    [workspaceId, webhookId, state],
  );
  const [editing, setEditing] = useState(false);
  const [rotated, setRotated] = useState<NewWebhook | null>(null);
  useInterval(() => void log.reload(), 2_000);
  const test = useSubmit(async () => {
    await webhooks.test(workspaceId, webhookId);
    toast("Test event queued");
    await log.reload();
  });
  const h = hook.data;
  if (!h) return <ErrorBox error={hook.error} title="Cannot load the webhook." />;
  return (
    <>
      <PageHeader
        title={<span class="mono">{hostOf(h.url)}</span>}
        subtitle={
          <>
            <Link href={`/w/${workspaceId}/webhooks`}>Webhooks</Link> · {h.url} ·{" "}
            {h.enabled ? <Badge tone="good">enabled</Badge> : <Badge tone="bad">disabled</Badge>}
            {h.disabledReason && <>· {h.disabledReason}</>}
          </>
        }
        actions={
          <>
            <Button variant="primary" icon="play" busy={test.busy} onClick={() => test.run()}>
              Send test event
            </Button>
            <ConfirmButton
              label="Replay dead letters"
              variant="secondary"
              title="Replay every dead letter?"
              message={<p>They go back in the queue in their first order and are sent again.</p>}
              confirmLabel="Replay"
              action={async () => {
                const { replayed } = await webhooks.replayDead(workspaceId, webhookId);
                toast(`Replaying ${plural(replayed, "dead letter")}`);
                await log.reload();
              }}
            />
            <ConfirmButton
              label="Rotate secret"
              variant="secondary"
              title="Rotate the signing secret?"
              message={
                <p>
                  A new secret signs from now on; the current one keeps signing next to it for 24
                  hours, while you deploy the new one.
                </p>
              }
              confirmLabel="Rotate"
              action={async () => setRotated(await webhooks.rotate(workspaceId, webhookId, 24))}
            />
            <Button onClick={() => setEditing(true)}>Edit</Button>
          </>
        }
      />
      <ErrorBox error={test.error} />
      {rotated && (
        <SecretOnce
          title="New signing secret."
          secret={rotated.secret}
          testId="rotated-webhook-secret"
          label="Signing secret"
          onDone={() => setRotated(null)}
        />
      )}
      <div class="toolbar">
        <Field label="Show">
          {(id) => (
            <select
              id={id}
              value={state}
              onChange={(e) => setState((e.target as HTMLSelectElement).value)}
            >
              <option value="">All deliveries</option>
              <option value="pending">Pending</option>
              <option value="delivered">Delivered</option>
              <option value="dead">Dead letters</option>
            </select>
          )}
        </Field>
      </div>
      <AsyncTable
        data={log}
        class="deliveries"
        errorTitle="Cannot load the delivery log."
        empty={
          <EmptyState title="No deliveries yet" icon="out">
            Events appear here as they are sent. Send a test event to try the endpoint.
          </EmptyState>
        }
        head={
          <>
            <th>Event</th>
            <th>Status</th>
            <th>Attempts</th>
            <th>Response</th>
            <th>Latency</th>
            <th>Last attempt</th>
            <ActionsHead />
          </>
        }
        row={(d) => (
          <DeliveryRow
            key={d.id}
            d={d}
            onRedeliver={async () => {
              await webhooks.redeliver(workspaceId, webhookId, d.id);
              toast(`Redelivering ${d.eventType}`);
              await log.reload();
            }}
          />
        )}
      />
      {editing && (
        <WebhookEditor
          workspaceId={workspaceId}
          webhook={h}
          onClose={() => setEditing(false)}
          onSaved={async () => {
            setEditing(false);
            toast("Saved the webhook");
            await hook.reload();
          }}
        />
      )}
    </>
  );
}

function DeliveryRow({ d, onRedeliver }: { d: Delivery; onRedeliver: () => Promise<void> }) {
  const redeliver = useSubmit(onRedeliver);
  return (
    <tr data-testid="delivery">
      <td>
        <strong>{d.eventType}</strong>
        <div class="muted small mono">{d.eventId}</div>
      </td>
      <td>
        <Badge tone={TONE[d.state]}>{d.state === "dead" ? "dead letter" : d.state}</Badge>
        {d.state === "pending" && d.nextAttemptAt && d.attempts > 0 && (
          <div class="muted small">retry {ago(d.nextAttemptAt)}</div>
        )}
      </td>
      <td>{d.attempts}</td>
      <td class="small">
        {d.lastStatus !== null ? <span class="mono">{d.lastStatus}</span> : d.lastError ?? "—"}
        {d.lastStatus !== null && d.lastError && <div class="muted">{d.lastError}</div>}
        {d.lastResponse && (
          <details>
            <summary>Body</summary>
            <pre class="code-block">{d.lastResponse}</pre>
          </details>
        )}
      </td>
      <td class="small">{d.lastLatencyMs === null ? "—" : `${d.lastLatencyMs} ms`}</td>
      <td class="small" title={dateTime(d.lastAttemptAt)}>{ago(d.lastAttemptAt)}</td>
      <td class="actions">
        <Button small busy={redeliver.busy} onClick={() => redeliver.run()}>Redeliver</Button>
        <ErrorBox error={redeliver.error} />
      </td>
    </tr>
  );
}
