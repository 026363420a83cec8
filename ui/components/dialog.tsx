// Modal dialogs on the native <dialog>: focus stays inside, Escape closes, focus returns to
// the control that opened it.
import type { ComponentChildren } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { useSubmit } from "../lib/use_submit.ts";
import { Button, ErrorBox } from "./ui.tsx";

export function Dialog(
  { title, onClose, children, footer, wide }: {
    title: string;
    onClose: () => void;
    children: ComponentChildren;
    footer?: ComponentChildren;
    wide?: boolean;
  },
) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const dialog = ref.current!;
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector<HTMLElement>(
      "[autofocus], input:not([type=hidden]), textarea, select, .dialog-body button",
    );
    first?.focus();
    const onCancel = (e: Event) => {
      e.preventDefault();
      close.current();
    };
    dialog.addEventListener("cancel", onCancel);
    return () => {
      dialog.removeEventListener("cancel", onCancel);
      if (dialog.open) dialog.close();
      opener?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class={`dialog ${wide ? "dialog-wide" : ""}`}
      aria-labelledby={titleId}
      onClick={(e) => {
        if (e.target === ref.current) close.current();
      }}
    >
      <div class="dialog-inner">
        <header class="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" class="icon-btn" aria-label="Close" onClick={() => close.current()}>
            ×
          </button>
        </header>
        <div class="dialog-body">{children}</div>
        {footer && <footer class="dialog-footer">{footer}</footer>}
      </div>
    </dialog>
  );
}

/** A button that asks first, then runs `action`; errors from the server stay in the dialog. */
export function ConfirmButton(
  { label, title, message, confirmLabel, action, small, variant = "danger", disabled }: {
    label: ComponentChildren;
    title: string;
    message: ComponentChildren;
    confirmLabel: string;
    action: () => Promise<unknown>;
    small?: boolean;
    variant?: "danger" | "secondary" | "primary";
    disabled?: boolean;
  },
) {
  const [open, setOpen] = useState(false);
  const confirm = useSubmit(async () => {
    await action();
    setOpen(false);
  });
  return (
    <>
      <Button
        variant={variant === "danger" ? "ghost" : variant}
        small={small}
        disabled={disabled}
        onClick={() => setOpen(true)}
      >
        {label}
      </Button>
      {open && (
        <Dialog
          title={title}
          onClose={() => setOpen(false)}
          footer={
            <>
              <Button onClick={() => setOpen(false)}>Cancel</Button>
              <Button variant={variant} busy={confirm.busy} onClick={() => confirm.run()}>
                {confirmLabel}
              </Button>
            </>
          }
        >
          <div>{message}</div>
          <ErrorBox error={confirm.error} />
        </Dialog>
      )}
    </>
  );
}
