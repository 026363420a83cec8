// The end of a form: what the server said when the submit failed, then Cancel (in dialogs)
// and the submit button, busy while the submit runs.
import type { ComponentChildren } from "preact";
import type { Submit } from "../lib/use_submit.ts";
import { Button, ErrorBox } from "./ui.tsx";

export function FormActions<A extends unknown[]>(
  { submit, label, onCancel, disabled }: {
    submit: Submit<A>;
    label: ComponentChildren;
    onCancel?: () => void;
    disabled?: boolean;
  },
) {
  return (
    <>
      <ErrorBox error={submit.error} />
      <div class={onCancel ? "form-actions" : undefined}>
        {onCancel && <Button onClick={onCancel}>Cancel</Button>}
        <Button type="submit" variant="primary" busy={submit.busy} disabled={disabled}>
          {label}
        </Button>
      </div>
    </>
  );
}
