// Small building blocks shared by every screen.
import {
  type AnchorHTMLAttributes,
  type ButtonHTMLAttributes,
  type ComponentChildren,
  Fragment,
} from "preact";
import { useId } from "preact/hooks";
import { ApiError, messageOf } from "../lib/api.ts";
import { headline, issueMessage } from "../lib/error_text.ts";
import { onLinkClick } from "../lib/router.ts";
import type { Issue } from "../lib/types.ts";
import { Icon, type IconName } from "./icons.tsx";

type ButtonProps = ButtonHTMLAttributes & {
  variant?: "primary" | "secondary" | "danger" | "ghost";
  small?: boolean;
  busy?: boolean;
  icon?: IconName;
};

export function Button(
  { variant = "secondary", small, busy, icon, children, ...rest }: ButtonProps,
) {
  const cls = ["btn", `btn-${variant}`, small ? "btn-sm" : "", rest.class ?? ""].join(" ").trim();
  return (
    <button
      type="button"
      {...rest}
      class={cls}
      disabled={rest.disabled || busy}
      aria-busy={busy ? "true" : undefined}
    >
      {busy ? <span class="spinner" aria-hidden="true" /> : icon ? <Icon name={icon} /> : null}
      {children}
    </button>
  );
}

export function IconButton(
  { icon, label, ...rest }: ButtonHTMLAttributes & { icon: IconName; label: string },
) {
  return (
    <button
      type="button"
      {...rest}
      class={`icon-btn ${rest.class ?? ""}`}
      aria-label={label}
      title={label}
    >
      <Icon name={icon} />
    </button>
  );
}

export function Link(
  { href, children, ...rest }: AnchorHTMLAttributes & { href: string },
) {
  return <a href={href} onClick={onLinkClick} {...rest}>{children}</a>;
}

/** A labelled control: `children` receives the id to put on the input. */
export function Field(
  { label, hint, error, children, class: cls }: {
    label: ComponentChildren;
    hint?: ComponentChildren;
    error?: string | null;
    class?: string;
    children: (id: string, describedBy: string | undefined) => ComponentChildren;
  },
) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`field ${cls ?? ""}`}>
      <label for={id}>{label}</label>
      {children(id, describedBy)}
      {hint && <div class="hint" id={hintId}>{hint}</div>}
      {error && <div class="field-error" id={errorId} role="alert">{error}</div>}
    </div>
  );
}

/** A labelled one-line text input: the most common Field. */
export function TextField(
  { label, hint, error, value, onValue, type = "text", ...input }:
    & { label: ComponentChildren; hint?: ComponentChildren; error?: string | null }
    & { value: string; onValue: (value: string) => void }
    & {
      type?: "text" | "email" | "password" | "url" | "date";
      required?: boolean;
      placeholder?: string;
      autocomplete?: string;
      minLength?: number;
      maxLength?: number;
    },
) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(id, describedBy) => (
        <input
          {...input}
          // Preact's input types are a union keyed by `type`; one literal picks the branch.
          type={type as "text"}
          id={id}
          aria-describedby={describedBy}
          value={value}
          onInput={(e) => onValue((e.target as HTMLInputElement).value)}
        />
      )}
    </Field>
  );
}

/** A labelled text area (a reason, a comment, a description). */
export function TextAreaField(
  { label, hint, value, onValue, rows = 2, required }: {
    label: ComponentChildren;
    hint?: ComponentChildren;
    value: string;
    onValue: (value: string) => void;
    rows?: number;
    required?: boolean;
  },
) {
  return (
    <Field label={label} hint={hint}>
      {(id, describedBy) => (
        <textarea
          id={id}
          rows={rows}
          required={required}
          aria-describedby={describedBy}
          value={value}
          onInput={(e) => onValue((e.target as HTMLTextAreaElement).value)}
        />
      )}
    </Field>
  );
}

/** What the server said, with its per-field issues when it sent any. */
export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <div class="alert alert-error" role="alert">
      {title && <strong>{title}</strong>}
      {title && " "}
      <span>{headline(messageOf(error), issues)}</span>
      <IssueList issues={issues} />
    </div>
  );
}

/** Problems or warnings from the server, each at its path into what was sent. */
export function IssueList({ issues }: { issues: Issue[] }) {
  if (issues.length === 0) return null;
  return (
    <ul class="issues">
      {issues.slice(0, 20).map((issue, i) => (
        <li key={i}>
          {issue.path && <code>{issue.path}</code>} {issueMessage(issue)}
        </li>
      ))}
      {issues.length > 20 && <li>…and {issues.length - 20} more</li>}
    </ul>
  );
}

export function Notice(
  { kind = "info", children }: { kind?: "info" | "warn" | "success"; children: ComponentChildren },
) {
  return <div class={`alert alert-${kind}`} role="status">{children}</div>;
}

/** Names as code, separated by commas: `a`, `b`, `c`. */
export function NameList({ names }: { names: string[] }) {
  return (
    <>
      {names.map((name, i) => (
        <Fragment key={name}>
          {i > 0 && ", "}
          <code>{name}</code>
        </Fragment>
      ))}
    </>
  );
}

export function EmptyState(
  { title, children, action, icon = "layers" }: {
    title: string;
    children?: ComponentChildren;
    action?: ComponentChildren;
    icon?: IconName;
  },
) {
  return (
    <div class="empty">
      <div class="empty-icon">
        <Icon name={icon} size={28} />
      </div>
      <h3>{title}</h3>
      {children && <p>{children}</p>}
      {action && <div class="empty-action">{action}</div>}
    </div>
  );
}

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div class="loading" role="status">
      <span class="spinner" aria-hidden="true" /> {label}
    </div>
  );
}

export function PageHeader(
  { title, subtitle, actions }: {
    title: ComponentChildren;
    subtitle?: ComponentChildren;
    actions?: ComponentChildren;
  },
) {
  return (
    <header class="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p class="subtitle">{subtitle}</p>}
      </div>
      {actions && <div class="page-actions">{actions}</div>}
    </header>
  );
}

export function Badge(
  { children, tone = "neutral" }: {
    children: ComponentChildren;
    tone?: "neutral" | "accent" | "good" | "warn" | "bad";
  },
) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}

/** Arrow keys, Home and End move between the tabs of a tablist and open the one reached. */
export function onTablistKeyDown(e: KeyboardEvent) {
  const keys = ["ArrowLeft", "ArrowRight", "Home", "End"];
  if (!keys.includes(e.key)) return;
  const tabs = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>("[role=tab]")];
  const at = tabs.indexOf(document.activeElement as HTMLElement);
  if (at < 0) return;
  e.preventDefault();
  const next = e.key === "Home"
    ? 0
    : e.key === "End"
    ? tabs.length - 1
    : (at + (e.key === "ArrowRight" ? 1 : -1) + tabs.length) % tabs.length;
  tabs[next]!.focus();
  tabs[next]!.click();
}
