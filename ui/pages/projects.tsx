// A workspace's projects, and creating one.
import { useState } from "preact/hooks";
import { Dialog } from "../components/dialog.tsx";
import {
  Button,
  EmptyState,
  ErrorBox,
  Field,
  Link,
  Loading,
  PageHeader,
  TextField,
} from "../components/ui.tsx";
import { projects } from "../lib/endpoints.ts";
import { ago } from "../lib/format.ts";
import { navigate } from "../lib/router.ts";
import { useData } from "../lib/use_data.ts";

export function ProjectsPage({ workspaceId }: { workspaceId: string }) {
  const list = useData(() => projects.list(workspaceId), [workspaceId]);
  const [creating, setCreating] = useState(false);
  const create = (
    <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>New project</Button>
  );
  return (
    <>
      <PageHeader
        title="Projects"
        subtitle="A project holds configs, environments and SDK keys for one application or team."
        actions={create}
      />
      <ErrorBox error={list.error} />
      {list.loading && !list.data
        ? <Loading />
        : list.data?.length === 0
        ? (
          <EmptyState title="No projects yet" action={create}>
            Create a project for your application. It starts with two environments, Production and
            Development.
          </EmptyState>
        )
        : (
          <ul class="cards">
            {list.data?.map((p) => (
              <li key={p.id} class="card card-link">
                <Link href={`/w/${workspaceId}/p/${p.id}`}>
                  <h3>{p.name}</h3>
                  <p class="muted">{p.description || "No description"}</p>
                  <p class="meta">Updated {ago(p.updatedAt)}</p>
                </Link>
              </li>
            ))}
          </ul>
        )}
      {creating && <NewProject workspaceId={workspaceId} onClose={() => setCreating(false)} />}
    </>
  );
}

function NewProject({ workspaceId, onClose }: { workspaceId: string; onClose: () => void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { id } = await projects.create(workspaceId, name.trim(), description.trim());
      onClose();
      navigate(`/w/${workspaceId}/p/${id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title="New project" onClose={onClose}>
      <form class="stack" onSubmit={submit}>
        <TextField label="Name" required maxLength={100} value={name} onValue={setName} />
        <Field label="Description" hint="Optional.">
          {(id, d) => (
            <textarea
              id={id}
              aria-describedby={d}
              rows={2}
              value={description}
              onInput={(e) => setDescription((e.target as HTMLTextAreaElement).value)}
            />
          )}
        </Field>
        <ErrorBox error={error} />
        <div class="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy}>Create project</Button>
        </div>
      </form>
    </Dialog>
  );
}
