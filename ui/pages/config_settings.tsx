// A config's description, tags, its own people (maintainers and editors), and deletion.
import { useEffect, useState } from "preact/hooks";
import { ConfirmButton } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import { RemovableTags } from "../components/tags.tsx";
import { Button, ErrorBox, Field, IconButton, NameList, Notice } from "../components/ui.tsx";
import { ApiError, messageOf } from "../lib/api.ts";
import { configs, projects } from "../lib/endpoints.ts";
import { referrersOf } from "../lib/references.ts";
import { navigate } from "../lib/router.ts";
import type { ConfigDetail, ConfigWrite } from "../lib/types.ts";
import { useData } from "../lib/use_data.ts";
import { useSubmit } from "../lib/use_submit.ts";
import type { EditorProps } from "./editor_props.ts";
import { useProject } from "./project_context.ts";

type Role = "maintainer" | "editor";
const ROLE_HINT: Record<Role, string> = {
  maintainer: "values, schema, overrides, people, delete",
  editor: "values and description only",
};

/** Moves `email` to `role` (or removes it when role is null) in the draft's two lists. */
function setRole(d: ConfigWrite, email: string, role: Role | null): ConfigWrite {
  const editors = d.editors.filter((e) => e !== email);
  const maintainers = d.maintainers.filter((e) => e !== email);
  if (role === "editor") editors.push(email);
  if (role === "maintainer") maintainers.push(email);
  return { ...d, editors, maintainers };
}

/** Which other configs reference `name`, from one export of the project's configs. */
function ReferrersWarning({ projectId, name }: { projectId: string; name: string }) {
  const users = useData(
    async () => referrersOf((await projects.export(projectId)).configs, name),
    [projectId, name],
  );
  if (users.error) {
    return (
      <p class="muted small">
        Cannot check which configs reference it: {messageOf(users.error)}
      </p>
    );
  }
  if (!users.data) return <p class="muted small">Checking which configs reference it…</p>;
  const n = users.data.length;
  if (n === 0) return null;
  return (
    <Notice kind="warn">
      <strong>
        {n === 1 ? "1 config references" : `${n} configs reference`}{" "}
        this; their conditions will stop matching:
      </strong>{" "}
      <NameList names={users.data} />. The references stay and work again if a config named{" "}
      <code>{name}</code> is created.
    </Notice>
  );
}

/**
 * The server's problems with the tags, without their paths: `tags[3]` indexes a list the user
 * never saw (the message quotes the tag itself). Null for any other error.
 */
function tagProblems(error: unknown): string[] | null {
  if (!(error instanceof ApiError)) return null;
  const issues = error.issues.filter((i) => i.path.startsWith("tags"));
  if (issues.length === 0) return null;
  return issues.map((i) => i.message[0]!.toUpperCase() + i.message.slice(1));
}

/** Tags save at once (they are metadata, not part of a version), not with the bar. */
function TagsCard({ projectId, config }: { projectId: string; config: ConfigDetail }) {
  const [tags, setTags] = useState(config.tags);
  const [text, setText] = useState("");
  useEffect(() => setTags(config.tags), [config.name, config.tags.join(" ")]);
  const save = useSubmit(async (next: string[]) => {
    const saved = await configs.setTags(projectId, config.name, next);
    setTags(saved.tags);
    toast(`Tags of ${config.name} saved`);
  });
  const add = (e: Event) => {
    e.preventDefault();
    // Chips show "#checkout", so "#checkout" typed back means the tag "checkout".
    const added = text.split(/[\s,]+/).map((t) => t.replace(/^#+/, "")).filter(Boolean);
    if (added.length === 0) return;
    void save.run([...tags, ...added]).then((ok) => ok && setText(""));
  };
  return (
    <section class="card stack">
      <h3>Tags</h3>
      <p class="muted small">
        Labels to find configs by in the list, e.g. <code>checkout</code> or{" "}
        <code>team:growth</code>. Saved at once; they make no new version.
      </p>
      {tags.length === 0 ? <p class="muted">No tags.</p> : (
        <RemovableTags
          tags={tags}
          disabled={save.busy}
          onRemove={(t) => void save.run(tags.filter((x) => x !== t))}
        />
      )}
      <form class="inline-form" onSubmit={add}>
        <label class="sr-only" for="tag-input">New tags</label>
        <input
          id="tag-input"
          placeholder="checkout, team:growth"
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
        />
        <Button type="submit" small icon="plus" busy={save.busy}>Add tags</Button>
      </form>
      {tagProblems(save.error)
        ? (
          <div class="alert alert-error" role="alert">
            <strong>Tags not saved.</strong>
            <ul class="issues">
              {tagProblems(save.error)!.map((m) => <li key={m}>{m}</li>)}
            </ul>
          </div>
        )
        : <ErrorBox error={save.error} title="Tags not saved." />}
    </section>
  );
}

export function ConfigSettings({ config, draft, setDraft }: EditorProps) {
  const { project, base } = useProject();
  const [email, setEmail] = useState("");
  const [role, setNewRole] = useState<Role>("editor");
  const people: [string, Role][] = [
    ...draft.maintainers.map((e) => [e, "maintainer"] as [string, Role]),
    ...draft.editors.map((e) => [e, "editor"] as [string, Role]),
  ];
  const add = (e: Event) => {
    e.preventDefault();
    const value = email.trim().toLowerCase();
    if (!value) return;
    setDraft((d) => setRole(d, value, role));
    setEmail("");
  };
  return (
    <div class="stack narrow">
      <Field
        label="Description"
        hint="What this config controls and who owns it. Saved with the bar at the bottom."
      >
        {(id, d) => (
          <textarea
            id={id}
            aria-describedby={d}
            rows={3}
            value={draft.description}
            onInput={(e) => {
              const description = (e.target as HTMLTextAreaElement).value;
              setDraft((x) => ({ ...x, description }));
            }}
          />
        )}
      </Field>
      <label class="row">
        <input
          type="checkbox"
          checked={draft.sensitive === true}
          onChange={(e) => {
            const sensitive = (e.target as HTMLInputElement).checked;
            setDraft((x) => ({ ...x, sensitive }));
          }}
        />
        Sensitive: values encrypted at rest, masked in history, sent only to SDK keys allowed to
        read sensitive configs (needs ENCRYPTION_KEY on the server)
      </label>
      <TagsCard projectId={project.id} config={config} />
      <section class="card">
        <h3>People for this config</h3>
        <p class="muted small">
          Roles on this config only, on top of project roles. By email, so people can be added
          before they sign up. Saved with the bar at the bottom.
        </p>
        {people.length === 0
          ? <p class="muted">Nobody has a role on this config.</p>
          : (
            <ul class="plain-list">
              {people.map(([e, r]) => (
                <li key={e} class="row">
                  <span>{e}</span>
                  <select
                    aria-label={`Role of ${e}`}
                    value={r}
                    onChange={(ev) =>
                      setDraft((d) =>
                        setRole(d, e, (ev.target as HTMLSelectElement).value as Role)
                      )}
                  >
                    <option value="maintainer">Maintainer</option>
                    <option value="editor">Editor</option>
                  </select>
                  <span class="muted small">{ROLE_HINT[r]}</span>
                  <IconButton
                    icon="x"
                    label={`Remove ${e}`}
                    onClick={() => setDraft((d) => setRole(d, e, null))}
                  />
                </li>
              ))}
            </ul>
          )}
        <form class="inline-form" onSubmit={add}>
          <label class="sr-only" for="person-email">Email</label>
          <input
            id="person-email"
            type="email"
            placeholder="name@example.com"
            value={email}
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
          />
          <label class="sr-only" for="person-role">Role</label>
          <select
            id="person-role"
            value={role}
            onChange={(e) => setNewRole((e.target as HTMLSelectElement).value as Role)}
          >
            <option value="editor">Editor</option>
            <option value="maintainer">Maintainer</option>
          </select>
          <Button type="submit" small icon="plus">Add</Button>
        </form>
      </section>
      <section class="card danger-zone">
        <h3>Delete this config</h3>
        <p class="muted small">
          Apps that read it get their default value from then on. Its history is kept.
        </p>
        <ConfirmButton
          label="Delete config…"
          title={`Delete "${config.name}"?`}
          message={
            <>
              <p>
                SDKs stop receiving <code>{config.name}</code> in every environment of{" "}
                {project.name}. This cannot be undone, though its history stays in the audit log.
              </p>
              <ReferrersWarning projectId={project.id} name={config.name} />
            </>
          }
          confirmLabel="Delete config"
          action={async () => {
            await configs.remove(project.id, config.name);
            toast(`Deleted ${config.name}`);
            navigate(base, { force: true });
          }}
        />
      </section>
    </div>
  );
}
