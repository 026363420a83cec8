// Editing a scheduled change before it fires: its time (and its put-back's, kept after it),
// the conflict rule, the comment and the base value it sets.
import { useState } from "preact/hooks";
import { DateTimeField } from "../components/date_time_field.tsx";
import { Dialog } from "../components/dialog.tsx";
import { FormActions } from "../components/form_actions.tsx";
import { toast } from "../components/toast.tsx";
import { TextField } from "../components/ui.tsx";
import { ValueInput } from "../components/value_input.tsx";
import { schedules } from "../lib/endpoints.ts";
import { plural, zonedTime } from "../lib/format.ts";
import { type Partners, pendingPutBack, withBaseValue } from "../lib/schedule_pairs.ts";
import type { Json, Schedule } from "../lib/types.ts";
import { useSubmit } from "../lib/use_submit.ts";
import { type OnConflict, OnConflictField } from "./schedule_dialog.tsx";
import { useProject } from "./project_context.ts";

const later = (a: string, b: string) => Date.parse(a) > Date.parse(b);

export function ScheduleEditDialog(
  { schedule: s, partners, onClose, onSaved }: {
    schedule: Schedule;
    partners: Partners;
    onClose: () => void;
    onSaved: () => void;
  },
) {
  const { project } = useProject();
  const putBack = pendingPutBack(partners);
  const change = partners.change?.status === "pending" ? partners.change : null;
  const [at, setAt] = useState(s.dueAt);
  const [revertAt, setRevertAt] = useState(putBack?.dueAt ?? "");
  const [onConflict, setOnConflict] = useState<OnConflict>(s.onConflict);
  const [comment, setComment] = useState(s.comment);
  const [value, setValue] = useState<Json>(s.state.base.value);
  const [valueValid, setValueValid] = useState(true);
  const isPutBack = s.revertOf !== null || partners.change !== null;
  const valueLabel = isPutBack ? "Base value it puts back" : "Base value it sets";

  const orderError = !at
    ? null
    : putBack && revertAt && !later(revertAt, at)
    ? "The put-back must come after the change."
    : change && !later(at, change.dueAt)
    ? `A put-back comes after its change, due ${zonedTime(change.dueAt)}.`
    : null;

  const submit = useSubmit(async () => {
    if (!at) throw new Error("Choose when the change goes live");
    if (putBack && !revertAt) throw new Error("Choose when the config is put back");
    if (orderError) throw new Error(orderError);
    const moved = putBack && revertAt !== putBack.dueAt;
    const valueChanged = JSON.stringify(value) !== JSON.stringify(s.state.base.value);
    await schedules.edit(project.id, s.id, {
      ...(at !== s.dueAt ? { at } : {}),
      ...(moved ? { revertAt } : {}),
      ...(valueChanged ? { config: withBaseValue(s.state, value) } : {}),
      onConflict,
      comment: comment.trim(),
    });
    const back = putBack ? `, put back at ${zonedTime(revertAt)}` : "";
    toast(`Rescheduled ${s.configName} for ${zonedTime(at)}${back}`);
    onClose();
    onSaved();
  });

  const environments = s.state.variants.length;
  return (
    <Dialog title={`Edit the change to ${s.configName}`} onClose={onClose}>
      <form class="stack" onSubmit={submit.onSubmit} aria-label="Edit the scheduled change">
        <DateTimeField
          label="Apply at"
          required
          hint={change ? `After its change, due ${zonedTime(change.dueAt)}.` : undefined}
          value={at}
          onValue={setAt}
        />
        {putBack && (
          <DateTimeField
            label="Put back at"
            required
            hint="Restores the config as it was when this was scheduled."
            value={revertAt}
            onValue={setRevertAt}
          />
        )}
        {orderError && <p class="field-error small" role="alert">{orderError}</p>}
        <OnConflictField value={onConflict} onValue={setOnConflict} />
        {putBack && <p class="muted small">The rule applies to the change and to its put-back.</p>}
        <div class="field">
          <span class="label" aria-hidden="true">{valueLabel}</span>
          <ValueInput
            label={valueLabel}
            value={value}
            schema={s.state.base.schema}
            typeOf={s.state.base.value}
            hint="when it applies"
            onValue={setValue}
            onValidity={setValueValid}
          />
        </div>
        {(environments > 0 || s.state.base.overrides.length > 0) && (
          <p class="muted small">
            {environments > 0
              ? `The values of ${plural(environments, "environment")} and the`
              : "The"}{" "}
            overrides stay as scheduled; to change those, cancel this and schedule again from the
            config.
          </p>
        )}
        <TextField label="Comment" value={comment} onValue={setComment} />
        <FormActions
          submit={submit}
          label="Save changes"
          onCancel={onClose}
          disabled={!valueValid || orderError !== null}
        />
      </form>
    </Dialog>
  );
}
