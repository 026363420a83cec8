// The project's scheduled changes: the upcoming ones by due time (edit the time, the conflict
// rule or the comment; cancel), and on request the applied, failed and cancelled ones.
import { useState } from "preact/hooks";
import { ActionsHead, AsyncTable } from "../components/async_table.tsx";
import { DateTimeField } from "../components/date_time_field.tsx";
import { ConfirmButton, Dialog } from "../components/dialog.tsx";
import { FormActions } from "../components/form_actions.tsx";
import { toast } from "../components/toast.tsx";
import { Badge, Button, EmptyState, Link, PageHeader, TextField } from "../components/ui.tsx";
import { schedules } from "../lib/endpoints.ts";
import { ago, dateTime, preview } from "../lib/format.ts";
import { setQuery, useLocation } from "../lib/router.ts";
import type { Schedule } from "../lib/types.ts";
import { useData, useInterval } from "../lib/use_data.ts";
import { useSubmit } from "../lib/use_submit.ts";
import { type OnConflict, OnConflictField } from "./schedule_dialog.tsx";
import { useProject } from "./project_context.ts";

const TONES = { pending: "accent", applied: "good", failed: "bad", cancelled: "neutral" } as const;

export function SchedulesPage() {
  const { project, base } = useProject();
  const { query } = useLocation();
  const show = query.get("show") ?? "pending";
  const list = useData(
    () => schedules.list(project.id, show === "all" ? "" : show),
    [project.id, show],
  );
  useInterval(() => void list.reload(), 5000);
  const [editing, setEditing] = useState<Schedule | null>(null);
  return (
    <>
      <PageHeader
        title="Upcoming changes"
        subtitle="Config changes scheduled for a set time. Schedule one from a config's Save bar."
      />
      <div class="toolbar">
        <label>
          Show{" "}
          <select
            value={show}
            onChange={(e) => setQuery({ show: (e.target as HTMLSelectElement).value })}
          >
            <option value="pending">Upcoming</option>
            <option value="applied">Applied</option>
            <option value="failed">Failed</option>
            <option value="cancelled">Cancelled</option>
            <option value="all">All</option>
          </select>
        </label>
      </div>
      <AsyncTable
        data={list}
        errorTitle="Cannot load the scheduled changes."
        empty={
          <EmptyState title={show === "pending" ? "Nothing scheduled" : "None"} icon="history">
            Edit a config, then choose Schedule… instead of Save to apply it later.
          </EmptyState>
        }
        head={
          <>
            <th scope="col">When</th>
            <th scope="col">Config</th>
            <th scope="col">Change</th>
            <th scope="col">Scheduled by</th>
            <th scope="col">Status</th>
            <ActionsHead />
          </>
        }
        row={(s) => (
          <tr key={s.id} data-testid="schedule">
            <td>
              <time dateTime={s.dueAt}>{dateTime(s.dueAt)}</time>
              <div class="muted small">{ago(s.dueAt)}</div>
            </td>
            <td>
              <Link href={`${base}/configs/${encodeURIComponent(s.configName)}`} class="mono">
                {s.configName}
              </Link>
            </td>
            <td>
              {s.comment || <span class="muted">No comment</span>}
              <div class="muted small">
                Value <code>{preview(s.state.base.value, 32)}</code> · based on v{s.baseVersion}
                {" "}
                · if changed meanwhile: {s.onConflict === "apply" ? "apply anyway" : "fail"}
              </div>
            </td>
            <td>{s.createdBy}</td>
            <td>
              <Badge tone={TONES[s.status]}>{s.status}</Badge>
              {s.late && <Badge tone="warn">late</Badge>}
              {s.firedVersion !== null && <div class="muted small">version {s.firedVersion}</div>}
              {s.failure && <div class="small field-error">{s.failure}</div>}
            </td>
            <td class="row-actions">
              {s.status === "pending" && (
                <>
                  <Button small onClick={() => setEditing(s)}>Edit</Button>
                  <ConfirmButton
                    small
                    label="Cancel change…"
                    title="Cancel this scheduled change?"
                    message={
                      <p>
                        {s.configName} stays as it is; the change planned for {dateTime(s.dueAt)}
                        {" "}
                        is not applied.
                      </p>
                    }
                    confirmLabel="Cancel the change"
                    action={async () => {
                      await schedules.cancel(project.id, s.id);
                      toast(`Cancelled the change to ${s.configName}`);
                      await list.reload();
                    }}
                  />
                </>
              )}
            </td>
          </tr>
        )}
      />
      {editing && (
        <EditDialog
          schedule={editing}
          onClose={() => setEditing(null)}
          onSaved={() => void list.reload()}
        />
      )}
    </>
  );
}

function EditDialog(
  { schedule, onClose, onSaved }: { schedule: Schedule; onClose: () => void; onSaved: () => void },
) {
  const { project } = useProject();
  const [at, setAt] = useState(schedule.dueAt);
  const [onConflict, setOnConflict] = useState<OnConflict>(schedule.onConflict);
  const [comment, setComment] = useState(schedule.comment);
  const submit = useSubmit(async () => {
    if (!at) throw new Error("Choose when the change goes live");
    await schedules.edit(project.id, schedule.id, { at, onConflict, comment: comment.trim() });
    toast(`Rescheduled ${schedule.configName} for ${dateTime(at)}`);
    onClose();
    onSaved();
  });
  return (
    <Dialog title={`Edit the change to ${schedule.configName}`} onClose={onClose}>
      <form class="stack" onSubmit={submit.onSubmit}>
        <DateTimeField label="Apply at" required value={at} onValue={setAt} />
        <OnConflictField value={onConflict} onValue={setOnConflict} />
        <TextField label="Comment" value={comment} onValue={setComment} />
        <FormActions submit={submit} label="Save changes" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
