// The frame around every signed-in screen: top bar (workspace switcher, theme, account) and
// a sidebar with the workspace's and the current project's sections.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { navigate, setLeaveAsker, useLocation } from "../lib/router.ts";
import { projectPath } from "../lib/project_path.ts";
import { session } from "../lib/session.ts";
import { useStore } from "../lib/store.ts";
import { nextTheme, theme } from "../lib/theme.ts";
import type { Environment, Project } from "../lib/types.ts";
import { Icon, type IconName } from "./icons.tsx";
import { Dialog } from "./dialog.tsx";
import { Button, Link } from "./ui.tsx";

export type ProjectNav = {
  project: Project;
  projects: Project[];
  environments: Environment[];
  envId: string | null;
  setEnvId: (id: string) => void;
  /** Open change requests waiting for my review. */
  waiting?: number;
};

function NavItem(
  { href, icon, children }: { href: string; icon: IconName; children: ComponentChildren },
) {
  const { path } = useLocation();
  const exact = /\/p\/[^/]+$/.test(href) || /\/w\/[^/]+$/.test(href);
  const active = exact
    ? path === href || path.startsWith(`${href}/configs`)
    : path.startsWith(href);
  return (
    <Link
      href={href}
      class={`nav-item ${active ? "active" : ""}`}
      aria-current={active ? "page" : undefined}
    >
      <Icon name={icon} /> <span>{children}</span>
    </Link>
  );
}

function ThemeToggle() {
  const current = useStore(theme);
  const icon: IconName = current === "light" ? "sun" : current === "dark" ? "moon" : "monitor";
  const label = `Theme: ${current}. Switch to ${nextTheme(current)}`;
  return (
    <button
      type="button"
      class="icon-btn"
      aria-label={label}
      title={label}
      onClick={() => theme.set(nextTheme(current))}
    >
      <Icon name={icon} />
    </button>
  );
}

/** "/" anywhere outside a text field focuses the page's search (or first filter) field. */
function useSlashToSearch() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      if (t?.closest("input, textarea, select, [contenteditable=''], [contenteditable=true]")) {
        return;
      }
      const field = document.querySelector<HTMLInputElement>(
        "main input[type=search], main [role=search] input",
      );
      if (!field) return;
      e.preventDefault();
      field.focus();
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, []);
}

/** Asks in an in-app dialog (not the browser's confirm) before leaving unsaved edits. */
function LeaveDialog() {
  const [pending, setPending] = useState<{ reason: string; answer: (ok: boolean) => void }>();
  useEffect(() => {
    return setLeaveAsker((reason) => new Promise((answer) => setPending({ reason, answer })));
  }, []);
  if (!pending) return null;
  const reply = (ok: boolean) => {
    setPending(undefined);
    pending.answer(ok);
  };
  return (
    <Dialog
      title="Leave this page?"
      onClose={() => reply(false)}
      footer={
        <>
          <Button onClick={() => reply(false)}>Stay</Button>
          <Button variant="danger" onClick={() => reply(true)}>Leave</Button>
        </>
      }
    >
      <p>{pending.reason}</p>
    </Dialog>
  );
}

export function Shell(
  { workspaceId, nav, children }: {
    workspaceId: string | null;
    nav?: ProjectNav | null;
    children: ComponentChildren;
  },
) {
  const s = useStore(session);
  const [menuOpen, setMenuOpen] = useState(false);
  useSlashToSearch();
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setMenuOpen(false);
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [menuOpen]);
  const me = s.state === "signed_in" ? s.me : null;
  const ws = me?.workspaces.find((w) => w.id === workspaceId) ?? null;
  const base = workspaceId ? `/w/${workspaceId}` : null;
  const pbase = nav && workspaceId ? projectPath(workspaceId, nav.project) : null;
  return (
    <div class={`shell ${menuOpen ? "menu-open" : ""}`}>
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="topbar">
        <button
          type="button"
          class="icon-btn menu-toggle"
          aria-label="Menu"
          aria-expanded={menuOpen}
          onClick={() => setMenuOpen(!menuOpen)}
        >
          <Icon name="menu" />
        </button>
        <Link href="/" class="brand">
          <span class="brand-mark" aria-hidden="true" />Dialtone
        </Link>
        {me && me.workspaces.length > 0 && (
          <label class="ws-switch">
            <span class="sr-only">Workspace</span>
            <select
              value={workspaceId ?? ""}
              onChange={(e) => navigate(`/w/${(e.target as HTMLSelectElement).value}`)}
            >
              {!workspaceId && <option value="">Choose a workspace</option>}
              {me.workspaces.map((w) => <option key={w.id} value={w.id}>{w.name}</option>)}
            </select>
          </label>
        )}
        <div class="topbar-spacer" />
        <ThemeToggle />
        {me && (
          <Link href="/account" class="account-link" title={me.user.email}>
            <span class="avatar" aria-hidden="true">
              {(me.user.name || me.user.email).slice(0, 1).toUpperCase()}
            </span>
            <span class="account-name">{me.user.name || me.user.email}</span>
          </Link>
        )}
      </header>
      <div class="body">
        {base && (
          <nav class="sidebar" aria-label="Sections" onClick={() => setMenuOpen(false)}>
            {nav && pbase && (
              <div class="nav-group">
                <label class="nav-label" for="project-switch">Project</label>
                <select
                  id="project-switch"
                  value={nav.project.id}
                  onChange={(e) => {
                    const id = (e.target as HTMLSelectElement).value;
                    const to = nav.projects.find((p) => p.id === id);
                    if (to) navigate(projectPath(to.workspaceId, to));
                  }}
                >
                  {nav.projects.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
                </select>
                <label class="nav-label" for="env-switch">Environment</label>
                <select
                  id="env-switch"
                  value={nav.envId ?? ""}
                  onChange={(e) => nav.setEnvId((e.target as HTMLSelectElement).value)}
                >
                  {nav.environments.map((env) => (
                    <option key={env.id} value={env.id}>{env.name}</option>
                  ))}
                </select>
                <NavItem href={pbase} icon="flag">Configs</NavItem>
                <NavItem href={`${pbase}/environments`} icon="layers">Environments</NavItem>
                <NavItem href={`${pbase}/segments`} icon="target">Segments</NavItem>
                <NavItem href={`${pbase}/exclusion-groups`} icon="split">Exclusion groups</NavItem>
                <NavItem href={`${pbase}/sdk-keys`} icon="key">SDK keys</NavItem>
                <NavItem href={`${pbase}/connections`} icon="signal">SDK connections</NavItem>
                <NavItem href={`${pbase}/members`} icon="users">Members</NavItem>
                <NavItem href={`${pbase}/change-requests`} icon="check">
                  Change requests
                  {!!nav.waiting && (
                    <span class="nav-count" title="Waiting for your review">
                      {nav.waiting}
                      <span class="sr-only">waiting for your review</span>
                    </span>
                  )}
                </NavItem>
                <NavItem href={`${pbase}/schedules`} icon="clock">Upcoming changes</NavItem>
                <NavItem href={`${pbase}/audit`} icon="history">Audit log</NavItem>
                <NavItem href={`${pbase}/transfer`} icon="swap">Import / export</NavItem>
                <NavItem href={`${pbase}/settings`} icon="gear">Project settings</NavItem>
              </div>
            )}
            <div class="nav-group">
              <div class="nav-label">Workspace{ws ? `: ${ws.name}` : ""}</div>
              <NavItem href={base} icon="folder">Projects</NavItem>
              {!nav && <NavItem href={`${base}/members`} icon="users">Members</NavItem>}
              <NavItem href={`${base}/api-keys`} icon="code">API keys</NavItem>
              <NavItem href={`${base}/relay-keys`} icon="relay">Relay keys</NavItem>
              <NavItem href={`${base}/webhooks`} icon="out">Webhooks</NavItem>
              {!nav && <NavItem href={`${base}/audit`} icon="history">Audit log</NavItem>}
              <NavItem href={`${base}/settings`} icon="gear">Workspace settings</NavItem>
            </div>
          </nav>
        )}
        <main id="main" class="main" tabIndex={-1}>{children}</main>
        <LeaveDialog />
      </div>
    </div>
  );
}
