// Members and roles of a workspace or a project. Membership is by email, so people can be
// added before they sign up. A project's list also shows who has access through the workspace
// (its admins administer every project, its members read them); those roles change there.
import { useState } from "preact/hooks";
import { ConfirmButton } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import { ActionsHead, AsyncTable } from "../components/async_table.tsx";
import {
  Badge,
  Button,
  EmptyState,
  ErrorBox,
  Field,
  Link,
  Notice,
  PageHeader,
  TextField,
} from "../components/ui.tsx";
import { ApiError } from "../lib/api.ts";
import { projects, workspaces } from "../lib/endpoints.ts";
import { session } from "../lib/session.ts";
import { useStore } from "../lib/store.ts";
import type { Member } from "../lib/types.ts";
import { useData } from "../lib/use_data.ts";
import { useSubmit } from "../lib/use_submit.ts";
import { useProject } from "./project_context.ts";

/** A member, or (`via`) someone with access through the workspace. */
type Row = Member & { via?: "workspace"; workspaceAdmin?: boolean };

type Ops = {
  list: () => Promise<Row[]>;
  add: (email: string, role: string) => Promise<unknown>;
  set: (email: string, role: string) => Promise<unknown>;
  remove: (email: string) => Promise<unknown>;
  /** Workspaces only: signs the member out everywhere. */
  endSessions?: (email: string) => Promise<{ sessionsEnded: number }>;
  /** Projects only, for a workspace admin: adds someone to the workspace, then the project. */
  addToWorkspace?: (email: string, role: string) => Promise<unknown>;
};
type Role = { id: string; label: string; hint: string };

const WORKSPACE_ROLES: Role[] = [
  {
    id: "admin",
    label: "Admin",
    hint: "everything in the workspace, including members and API keys",
  },
  {
    id: "member",
    label: "Member",
    hint: "sees every project, creates projects, edits where given a role",
  },
];
const PROJECT_ROLES: Role[] = [
  {
    id: "admin",
    label: "Admin",
    hint: "everything in the project, including deleting it and its members",
  },
  {
    id: "maintainer",
    label: "Maintainer",
    hint: "configs, schemas, overrides, environments and SDK keys",
  },
];

export function WorkspaceMembersPage({ workspaceId }: { workspaceId: string }) {
  const ops: Ops = {
    list: () => workspaces.members(workspaceId),
    add: (e, r) => workspaces.addMember(workspaceId, e, r),
    set: (e, r) => workspaces.setMember(workspaceId, e, r),
    remove: (e) => workspaces.removeMember(workspaceId, e),
    endSessions: (e) => workspaces.endSessions(workspaceId, e),
  };
  return (
    <Members
      key={workspaceId}
      ops={ops}
      roles={WORKSPACE_ROLES}
      title="Workspace members"
      subtitle="Everyone in the workspace can read its projects. Admins manage members, API keys and every project."
    />
  );
}

/** The project's members, then the workspace's people without a project role. */
async function withWorkspace(projectId: string, workspaceId: string): Promise<Row[]> {
  const [own, inWorkspace] = await Promise.all([
    projects.members(projectId),
    workspaces.members(workspaceId).catch(() => [] as Member[]),
  ]);
  const admins = new Set(inWorkspace.filter((m) => m.role === "admin").map((m) => m.email));
  const mine = new Set(own.map((m) => m.email));
  return [
    ...own.map((m) => ({ ...m, workspaceAdmin: admins.has(m.email) })),
    ...inWorkspace
      .filter((m) => !mine.has(m.email))
      .sort((a, b) => (a.role === "admin" ? 0 : 1) - (b.role === "admin" ? 0 : 1))
      .map((m) => ({ ...m, via: "workspace" as const })),
  ];
}

export function ProjectMembersPage() {
  const { project, workspaceId } = useProject();
  const s = useStore(session);
  const workspaceAdmin = s.state === "signed_in" &&
    s.me.workspaces.some((w) => w.id === workspaceId && w.role === "admin");
  const ops: Ops = {
    list: () => withWorkspace(project.id, workspaceId),
    add: (e, r) => projects.addMember(project.id, e, r),
    set: (e, r) => projects.setMember(project.id, e, r),
    remove: (e) => projects.removeMember(project.id, e),
    addToWorkspace: workspaceAdmin
      ? async (e, r) => {
        await workspaces.addMember(workspaceId, e, "member");
        await projects.addMember(project.id, e, r);
      }
      : undefined,
  };
  return (
    <Members
      key={project.id}
      ops={ops}
      roles={PROJECT_ROLES}
      title="Project members"
      subtitle={`Everyone with access to ${project.name}: roles given here, and workspace admins and members, who have theirs through the workspace. Config editors are set on each config.`}
      workspaceHref={`/w/${workspaceId}/members`}
    />
  );
}

function Members(
  { ops, roles, title, subtitle, workspaceHref }: {
    ops: Ops;
    roles: Role[];
    title: string;
    subtitle: string;
    /** A project's list: where the inherited roles are managed. */
    workspaceHref?: string;
  },
) {
  const list = useData(ops.list, []);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState(roles[roles.length - 1]!.id);
  const add = useSubmit(async () => {
    change.setError(null);
    await ops.add(email.trim(), role);
    toast(`Added ${email.trim()}`);
    setEmail("");
    await list.reload();
  });
  // A project role is only for workspace members: say so with a way on, not as a dead end.
  const outsider = workspaceHref ? notInWorkspace(add.error) : null;
  const both = useSubmit(async (who: string) => {
    await ops.addToWorkspace!(who, role);
    toast(`Added ${who} to the workspace and the project`);
    add.setError(null);
    setEmail("");
    await list.reload();
  });
  const change = useSubmit(async (m: Member, next: string) => {
    add.setError(null);
    await ops.set(m.email, next);
    toast(`${m.email} is now ${next}`);
    await list.reload();
  });
  return (
    <>
      <PageHeader title={title} subtitle={subtitle} />
      <form class="card inline-form" onSubmit={add.onSubmit}>
        <TextField
          label="Email"
          type="email"
          required
          placeholder="name@example.com"
          value={email}
          onValue={(v) => {
            setEmail(v);
            if (outsider) add.setError(null);
          }}
        />
        <Field label="Role">
          {(id) => (
            <select
              id={id}
              value={role}
              onChange={(e) => setRole((e.target as HTMLSelectElement).value)}
            >
              {roles.map((r) => <option key={r.id} value={r.id}>{r.label}</option>)}
            </select>
          )}
        </Field>
        <Button type="submit" variant="primary" icon="plus" busy={add.busy}>Add member</Button>
      </form>
      {outsider && (
        <div class="members-notice" data-testid="not-in-workspace">
          <Notice kind="warn">
            <p>
              <strong>{outsider} is not in this workspace yet.</strong>{" "}
              Project roles are for people in the workspace:{" "}
              {ops.addToWorkspace ? "add them to " : "ask a workspace admin to add them to "}
              <Link href={workspaceHref!}>workspace members</Link> first
              {ops.addToWorkspace ? ", or here in one step:" : "."}
            </p>
            {ops.addToWorkspace && (
              <div class="row">
                <Button
                  small
                  variant="primary"
                  busy={both.busy}
                  onClick={() => both.run(outsider)}
                >
                  Add to the workspace and the project
                </Button>
              </div>
            )}
            <ErrorBox error={both.error} title="Not added." />
          </Notice>
        </div>
      )}
      <ul class="role-help small muted">
        {roles.map((r) => (
          <li key={r.id}>
            <strong>{r.label}</strong>: {r.hint}
          </li>
        ))}
      </ul>
      <AsyncTable
        data={{ ...list, error: (outsider ? null : add.error) ?? change.error ?? list.error }}
        class="members-table"
        empty={
          <EmptyState title="No members yet" icon="users">
            Add people by email above; they get access when they sign up or sign in.
          </EmptyState>
        }
        head={
          <>
            <th>Email</th>
            <th>Role</th>
            <ActionsHead />
          </>
        }
        row={(m) =>
          m.via ? <InheritedRow key={m.email} m={m} href={workspaceHref!} /> : (
            <tr key={m.email}>
              <td>
                {m.email}
                {m.workspaceAdmin && (
                  <span class="muted small">(also a workspace admin: admin everywhere)</span>
                )}
              </td>
              <td>
                <select
                  aria-label={`Role of ${m.email}`}
                  value={m.role}
                  onChange={(e) => change.run(m, (e.target as HTMLSelectElement).value)}
                >
                  {roles.map((r) => <option key={r.id} value={r.id}>{r.label}</option>)}
                </select>
              </td>
              <td class="actions">
                {ops.endSessions && (
                  <ConfirmButton
                    small
                    variant="secondary"
                    label="End sessions"
                    title={`Sign ${m.email} out everywhere?`}
                    message={<p>Every browser signed in as {m.email} is signed out at once.</p>}
                    confirmLabel="End sessions"
                    action={async () => {
                      const { sessionsEnded } = await ops.endSessions!(m.email);
                      toast(`Ended ${sessionsEnded} session${sessionsEnded === 1 ? "" : "s"}`);
                    }}
                  />
                )}
                <ConfirmButton
                  small
                  label="Remove"
                  title={`Remove ${m.email}?`}
                  message={<p>{m.email} loses this role at once.</p>}
                  confirmLabel="Remove member"
                  action={async () => {
                    await ops.remove(m.email);
                    await list.reload();
                  }}
                />
              </td>
            </tr>
          )}
      />
    </>
  );
}

/** The email of a refused project member who is not in the workspace, else null. */
function notInWorkspace(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== "not_workspace_member") return null;
  const issue = error.issues.find((i) => i.path === "email");
  return issue ? /"([^"]+)"/.exec(issue.message)?.[1] ?? null : null;
}

function InheritedRow({ m, href }: { m: Row; href: string }) {
  const admin = m.role === "admin";
  return (
    <tr data-testid="inherited-member">
      <td>
        {m.email} <Badge>via workspace</Badge>
      </td>
      <td
        title={admin
          ? "Workspace admins administer every project"
          : "Workspace members read every project"}
      >
        {admin ? "Admin" : "Viewer"}
      </td>
      <td class="actions">
        <Link href={href} class="small">Manage in workspace members</Link>
      </td>
    </tr>
  );
}
