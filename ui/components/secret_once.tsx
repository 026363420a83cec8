// A newly created key, shown once: the key with a copy button, what to do with it, and the
// button that puts it away.
import type { ComponentChildren } from "preact";
import { CopyButton } from "./copy_button.tsx";
import { Button, Notice } from "./ui.tsx";

export function SecretOnce(
  { title, secret, testId, label, onDone, children }: {
    title: ComponentChildren;
    secret: string;
    testId: string;
    label?: string;
    onDone: () => void;
    children?: ComponentChildren;
  },
) {
  return (
    <section class="card key-created" aria-label={label}>
      <Notice kind="success">
        <strong>{title}</strong> Copy it now: it is shown only once.
      </Notice>
      <div class="secret-row">
        <code class="secret" data-testid={testId}>{secret}</code>
        <CopyButton text={secret} label="Copy key" />
      </div>
      {children}
      <div>
        <Button small onClick={onDone}>I have saved the key</Button>
      </div>
    </section>
  );
}
