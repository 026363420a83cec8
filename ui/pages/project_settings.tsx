// Rename a project, change its description, or delete it.
import { useState } from "preact/hooks";
import { ConfirmButton } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import { Button, ErrorBox, Field, PageHeader, TextField } from "../components/ui.tsx";
import { projects } from "../lib/endpoints.ts";
import { navigate } from "../lib/router.ts";
import { useProject } from "./project_context.ts";

export function ProjectSettingsPage() {
  const { project, workspaceId, reloadProject } = useProject();
  const [name, setName] = useState(project.name);
  const [description, setDescription] = useState(project.description);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await projects.update(project.id, { name: name.trim(), description: description.trim() });
      await reloadProject();
      toast("Project saved");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader title="Project settings" />
      <div class="stack narrow">
        <form class="card stack" onSubmit={submit}>
          <TextField label="Name" required value={name} onValue={setName} />
          <Field label="Description">
            {(id) => (
              <textarea
                id={id}
                rows={3}
                value={description}
                onInput={(e) => setDescription((e.target as HTMLTextAreaElement).value)}
              />
            )}
          </Field>
          <p class="muted small">
            Project id for the admin API: <code>{project.id}</code>
          </p>
          <ErrorBox error={error} />
          <div>
            <Button type="submit" variant="primary" busy={busy}>Save</Button>
          </div>
        </form>
        <section class="card danger-zone">
          <h3>Delete this project</h3>
          <p class="muted small">
            Deletes its configs, environments and SDK keys; connected apps are disconnected. A
            workspace's last project cannot be deleted.
          </p>
          <ConfirmButton
            label="Delete project…"
            title={`Delete ${project.name}?`}
            message={<p>Everything in {project.name} is deleted. This cannot be undone.</p>}
            confirmLabel="Delete project"
            action={async () => {
              await projects.remove(project.id);
              toast(`Deleted ${project.name}`);
              try {
                localStorage.removeItem("dialtone.last");
              } catch { /* ignore */ }
              navigate(`/w/${workspaceId}`, { force: true });
            }}
          />
        </section>
      </div>
    </>
  );
}
