// A workspace's projects, and creating one.
import { useState } from "preact/hooks";
import { Dialog } from "../components/dialog.tsx";
import { AsyncList } from "../components/async_table.tsx";
import {
  Button,
  EmptyState,
  Link,
  PageHeader,
  TextAreaField,
  TextField,
} from "../components/ui.tsx";
import { FormActions } from "../components/form_actions.tsx";
import { projects } from "../lib/endpoints.ts";
import { ago } from "../lib/format.ts";
import { projectPath } from "../lib/project_path.ts";
import { navigate } from "../lib/router.ts";
import { useData } from "../lib/use_data.ts";
import { useSubmit } from "../lib/use_submit.ts";

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
      <AsyncList
        data={list}
        empty={
          <EmptyState title="No projects yet" action={create}>
            Create a project for your application. It starts with two environments, Production and
            Development.
          </EmptyState>
        }
      >
        {(items) => (
          <ul class="cards">
            {items.map((p) => (
              <li key={p.id} class="card card-link">
                <Link href={projectPath(workspaceId, p)}>
                  <h3>{p.name}</h3>
                  <p class="muted">{p.description || "No description"}</p>
                  <p class="meta">Updated {ago(p.updatedAt)}</p>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </AsyncList>
      {creating && <NewProject workspaceId={workspaceId} onClose={() => setCreating(false)} />}
    </>
  );
}

function NewProject({ workspaceId, onClose }: { workspaceId: string; onClose: () => void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const save = useSubmit(async () => {
    const { id } = await projects.create(workspaceId, name.trim(), description.trim());
    onClose();
    navigate(`/w/${workspaceId}/p/${id}`);
  });
  return (
    <Dialog title="New project" onClose={onClose}>
      <form class="stack" onSubmit={save.onSubmit}>
        <TextField label="Name" required maxLength={100} value={name} onValue={setName} />
        <TextAreaField
          label="Description"
          hint="Optional."
          value={description}
          onValue={setDescription}
        />
        <FormActions submit={save} label="Create project" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
