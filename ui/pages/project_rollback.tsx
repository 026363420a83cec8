// "Roll back project to…": choose a past time (and optionally one environment), see what would
// change config by config (the preview route writes nothing), then confirm with a reason. The
// rollback is one transaction and one change-feed revision (docs/safe_changes.md).
import { useState } from "preact/hooks";
import { DateTimeField } from "../components/date_time_field.tsx";
import { ConfirmButton } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import { Badge, Button, ErrorBox, Field, Notice, TextAreaField } from "../components/ui.tsx";
import { rollback } from "../lib/endpoints.ts";
import { dateTime, plural, preview } from "../lib/format.ts";
import type { RollbackPreview } from "../lib/types.ts";
import { useSubmit } from "../lib/use_submit.ts";
import { useProject } from "./project_context.ts";

const KIND = {
  update: ["changes", "accent"],
  create: ["comes back", "good"],
  delete: ["is deleted", "bad"],
} as const;

export function ProjectRollback({ may }: { may: boolean }) {
  const { project, environments } = useProject();
  const [at, setAt] = useState("");
  const [envId, setEnvId] = useState("");
  const [reason, setReason] = useState("");
  const [shown, setShown] = useState<{ key: string; preview: RollbackPreview } | null>(null);
  const key = `${at}|${envId}`;
  const plan = shown?.key === key ? shown.preview : null;
  const where = envId
    ? `${environments.find((e) => e.id === envId)?.name ?? envId} only`
    : "the whole project";
  const load = useSubmit(async () => {
    if (!at) throw new Error("Choose the time to roll back to");
    setShown({ key, preview: await rollback.preview(project.id, at, envId) });
  });
  return (
    <section class="card stack" aria-labelledby="rollback-title">
      <h3 id="rollback-title">Roll back project to…</h3>
      <p class="muted small">
        Puts every config back as it was at a past time: values, overrides and descriptions; configs
        created since are deleted and deleted ones come back. Members stay as they are. Apps get all
        of it at once.
      </p>
      <DateTimeField label="Roll back to" value={at} onValue={setAt} />
      <Field label="What to roll back">
        {(id) => (
          <select
            id={id}
            value={envId}
            onChange={(e) => setEnvId((e.target as HTMLSelectElement).value)}
          >
            <option value="">The whole project</option>
            {environments.map((e) => (
              <option key={e.id} value={e.id}>Only what {e.name} serves</option>
            ))}
          </select>
        )}
      </Field>
      <div>
        <Button busy={load.busy} disabled={!at} onClick={() => load.run()}>Preview</Button>
      </div>
      <ErrorBox error={load.error} title="No preview." />
      {plan && <PreviewList plan={plan} />}
      {plan && plan.steps.length > 0 && (
        <>
          <TextAreaField
            label="Reason"
            hint="Required: it goes into the audit log."
            value={reason}
            onValue={setReason}
          />
          <div>
            <ConfirmButton
              label="Roll back…"
              disabled={!may || reason.trim() === ""}
              title={`Roll back ${where}?`}
              message={
                <p>
                  {plural(plan.steps.length, "config")} go back to{" "}
                  {dateTime(at)}, in one change that every app receives together. You can roll back
                  this rollback later.
                </p>
              }
              confirmLabel="Roll back"
              action={async () => {
                const done = await rollback.run(project.id, {
                  at,
                  environmentId: envId || null,
                  reason: reason.trim(),
                });
                toast(
                  done.revision === null
                    ? "Nothing to roll back: it is as it was then"
                    : `Rolled back ${
                      plural(done.configs.length, "config")
                    } (revision ${done.revision})`,
                );
                setShown(null);
                setReason("");
              }}
            />
            {!may && <p class="muted small">Rolling back needs the project maintainer role.</p>}
          </div>
        </>
      )}
    </section>
  );
}

function PreviewList({ plan }: { plan: RollbackPreview }) {
  if (plan.steps.length === 0 && plan.skipped.length === 0) {
    return <Notice>Nothing would change: the project is as it was then.</Notice>;
  }
  return (
    <div class="stack" data-testid="rollback-preview">
      <strong>
        {plural(plan.steps.length, "config")} would change (as of {dateTime(plan.at)}):
      </strong>
      <ul class="stack">
        {plan.steps.map((s) => (
          <li key={s.name}>
            <code>{s.name}</code> <Badge tone={KIND[s.kind][1]}>{KIND[s.kind][0]}</Badge>
            <ul class="small">
              {s.changes.slice(0, 12).map((c, i) => (
                <li key={i}>
                  <code>{c.path || "(all)"}</code> {c.kind === "added"
                    ? <>added: {preview(c.after, 40)}</>
                    : c.kind === "removed"
                    ? <>removed: {preview(c.before, 40)}</>
                    : <>{preview(c.before, 40)} → {preview(c.after, 40)}</>}
                </li>
              ))}
              {s.changes.length > 12 && <li>…and {s.changes.length - 12} more</li>}
            </ul>
          </li>
        ))}
      </ul>
      {plan.skipped.length > 0 && (
        <div class="small">
          Left alone:
          <ul>
            {plan.skipped.map((s) => (
              <li key={s.name}>
                <code>{s.name}</code>: {s.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
