// The project's scheduled changes: the upcoming ones by due time (edit them, cancel them), and
// on request the applied, failed and cancelled ones. A change scheduled with a put-back ("on at
// T, off at T2") and that put-back name each other, and are cancelled together.
import { useState } from "preact/hooks";
import { ActionsHead, AsyncTable } from "../components/async_table.tsx";
import { zoneName } from "../components/date_time_field.tsx";
import { ConfirmButton } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import { Badge, Button, EmptyState, Link, PageHeader } from "../components/ui.tsx";
import { schedules } from "../lib/endpoints.ts";
import { ago, preview, zonedTime } from "../lib/format.ts";
import { setQuery, useLocation } from "../lib/router.ts";
import {
  type Partners,
  partnersIn,
  pendingPutBack,
  scheduleAnchor,
} from "../lib/schedule_pairs.ts";
import type { Schedule } from "../lib/types.ts";
import { useData, useInterval } from "../lib/use_data.ts";
import { ScheduleEditDialog } from "./schedule_edit_dialog.tsx";
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
  const partners = partnersIn(list.data ?? []);
  return (
    <>
      <PageHeader
        title="Upcoming changes"
        subtitle={`Config changes scheduled for a set time, shown in ${zoneName()}. Schedule one from a config's Save bar.`}
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
          <tr key={s.id} id={scheduleAnchor(s.id)} data-testid="schedule">
            <td>
              <time dateTime={s.dueAt} class="nowrap">{zonedTime(s.dueAt)}</time>
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
              <PairLine schedule={s} partners={partners(s)} />
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
                  <CancelButton
                    schedule={s}
                    partners={partners(s)}
                    onDone={list.reload}
                  />
                </>
              )}
            </td>
          </tr>
        )}
      />
      {editing && (
        <ScheduleEditDialog
          schedule={editing}
          partners={partners(editing)}
          onClose={() => setEditing(null)}
          onSaved={() => void list.reload()}
        />
      )}
    </>
  );
}

/** A jump to the partner's row when the list shows it. */
function PairLink({ to, children }: { to: Schedule; children: string }) {
  return <a href={`#${scheduleAnchor(to.id)}`}>{children}</a>;
}

const statusNote = (s: Schedule) => s.status === "pending" ? "" : ` (${s.status})`;

/** "Put back at T2" on a change, "Puts back the change due T" on its put-back. */
function PairLine({ schedule: s, partners: p }: { schedule: Schedule; partners: Partners }) {
  if (p.putBack) {
    return (
      <div class="small" data-testid="schedule-pair">
        ↩ Put back at <PairLink to={p.putBack}>{zonedTime(p.putBack.dueAt)}</PairLink>
        {statusNote(p.putBack)}
      </div>
    );
  }
  if (p.putBackElsewhere) {
    return (
      <div class="small" data-testid="schedule-pair">
        ↩ Scheduled with a put-back (Show: All lists it)
      </div>
    );
  }
  if (p.change) {
    return (
      <div class="small" data-testid="schedule-pair">
        ↩ Puts back the change {p.change.status === "applied" ? "applied" : "due"}{" "}
        <PairLink to={p.change}>{zonedTime(p.change.firedAt ?? p.change.dueAt)}</PairLink>
        {p.change.status === "applied" ? "" : statusNote(p.change)}
      </div>
    );
  }
  return s.revertOf ? <div class="small" data-testid="schedule-pair">↩ A put-back</div> : null;
}

function CancelButton(
  { schedule: s, partners: p, onDone }: {
    schedule: Schedule;
    partners: Partners;
    onDone: () => Promise<unknown>;
  },
) {
  const { project } = useProject();
  const putBack = pendingPutBack(p);
  const change = p.change?.status === "pending" ? p.change : null;
  const message = putBack
    ? (
      <p>
        {s.configName} stays as it is: the change planned for {zonedTime(s.dueAt)}{" "}
        is not applied, and its put-back planned for {zonedTime(putBack.dueAt)} is cancelled too.
      </p>
    )
    : change
    ? (
      <p>
        The change planned for {zonedTime(change.dueAt)} still applies, and {s.configName}{" "}
        then keeps it: it is not put back at {zonedTime(s.dueAt)}.
      </p>
    )
    : (
      <p>
        {s.configName} stays as it is; the change planned for {zonedTime(s.dueAt)} is not applied.
      </p>
    );
  return (
    <ConfirmButton
      small
      label="Cancel change…"
      title={putBack ? "Cancel this change and its put-back?" : "Cancel this scheduled change?"}
      message={message}
      confirmLabel={putBack ? "Cancel the change and its put-back" : "Cancel the change"}
      action={async () => {
        await schedules.cancel(project.id, s.id);
        toast(`Cancelled the change to ${s.configName}${putBack ? " and its put-back" : ""}`);
        await onDone();
      }}
    />
  );
}
