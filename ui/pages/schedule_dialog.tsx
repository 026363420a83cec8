// "Schedule…" beside Save: the edited state goes live at a chosen time instead of now,
// optionally put back at a later one (docs/safe_changes.md, scheduled changes).
import { useState } from "preact/hooks";
import { DateTimeField } from "../components/date_time_field.tsx";
import { Dialog } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import { Button, ErrorBox, Field, Link, Notice, TextField } from "../components/ui.tsx";
import { schedules } from "../lib/endpoints.ts";
import { plural, zonedTime } from "../lib/format.ts";
import type { ConfigWrite } from "../lib/types.ts";
import { useData, useInterval } from "../lib/use_data.ts";
import { useSubmit } from "../lib/use_submit.ts";

export type OnConflict = "fail" | "apply";

export function OnConflictField(
  { value, onValue }: { value: OnConflict; onValue: (v: OnConflict) => void },
) {
  return (
    <Field label="If the config changes before then">
      {(id) => (
        <select
          id={id}
          value={value}
          onChange={(e) => onValue((e.target as HTMLSelectElement).value as OnConflict)}
        >
          <option value="fail">Do not apply it (mark it failed)</option>
          <option value="apply">Apply it anyway, over the newer version</option>
        </select>
      )}
    </Field>
  );
}

export function ScheduleButton(
  { projectId, name, draft, disabled, onDone }: {
    projectId: string;
    name: string;
    draft: ConfigWrite;
    disabled: boolean;
    onDone: () => void;
  },
) {
  const [open, setOpen] = useState(false);
  const [at, setAt] = useState("");
  const [revertAt, setRevertAt] = useState("");
  const [onConflict, setOnConflict] = useState<OnConflict>("fail");
  const [comment, setComment] = useState("");
  const submit = useSubmit(async () => {
    if (!at) throw new Error("Choose when the change goes live");
    if (revertAt && Date.parse(revertAt) <= Date.parse(at)) {
      throw new Error("Put it back after the change goes live");
    }
    const { baseVersion: _, ...config } = draft;
    await schedules.create(projectId, name, {
      at,
      config,
      onConflict,
      comment: comment.trim(),
      ...(revertAt ? { revertAt } : {}),
    });
    toast(
      `Scheduled ${name} for ${zonedTime(at)}${revertAt ? `, back at ${zonedTime(revertAt)}` : ""}`,
    );
    setOpen(false);
    onDone();
  });
  return (
    <>
      <Button disabled={disabled} onClick={() => setOpen(true)}>Schedule…</Button>
      {open && (
        <Dialog
          title={`Schedule this change to ${name}`}
          onClose={() => setOpen(false)}
          footer={
            <>
              <Button onClick={() => setOpen(false)}>Cancel</Button>
              <Button
                variant="primary"
                busy={submit.busy}
                disabled={!at}
                onClick={() => submit.run()}
              >
                Schedule change
              </Button>
            </>
          }
        >
          <div class="stack">
            <p class="muted small">
              Nothing changes now: your edits are applied at this time, checked again then. The
              project's Upcoming changes page lists them.
            </p>
            <DateTimeField label="Apply at" required value={at} onValue={setAt} />
            <DateTimeField
              label="Put back at (optional)"
              hint="Restores the config as it is now."
              value={revertAt}
              onValue={setRevertAt}
            />
            <OnConflictField value={onConflict} onValue={setOnConflict} />
            <TextField label="Comment" value={comment} onValue={setComment} />
            <ErrorBox error={submit.error} title="Not scheduled." />
          </div>
        </Dialog>
      )}
    </>
  );
}

/** On a config page: its changes waiting to be applied, the next one first. */
export function UpcomingNotice(
  { projectId, name, href }: { projectId: string; name: string; href: string },
) {
  const list = useData(() => schedules.list(projectId, "pending"), [projectId]);
  useInterval(() => void list.reload(), 5000);
  const mine = (list.data ?? []).filter((s) => s.configName === name);
  const next = mine[0];
  if (!next) return null;
  return (
    <Notice>
      {plural(mine.length, "scheduled change")}: the next at {zonedTime(next.dueAt)}
      {next.comment ? ` (“${next.comment}”)` : ""}. <Link href={href}>Upcoming changes</Link>
    </Notice>
  );
}
