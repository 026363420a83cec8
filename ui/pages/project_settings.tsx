// Rename a project, change its description, or delete it.
import { useState } from "preact/hooks";
import { ConfirmButton } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import { PageHeader, TextAreaField, TextField } from "../components/ui.tsx";
import { FormActions } from "../components/form_actions.tsx";
import { projects } from "../lib/endpoints.ts";
import { forgetPlace } from "../lib/last_place.ts";
import { navigate } from "../lib/router.ts";
import { useSubmit } from "../lib/use_submit.ts";
import { useProject } from "./project_context.ts";
import { ProjectRollback } from "./project_rollback.tsx";
import { ApprovalRules } from "./approval_rules.tsx";
import { useData } from "../lib/use_data.ts";

export function ProjectSettingsPage() {
  const { project, workspaceId, reloadProject } = useProject();
  const [name, setName] = useState(project.name);
  const perms = useData(() => projects.permissions(project.id), [project.id]);
  const [description, setDescription] = useState(project.description);
  const save = useSubmit(async () => {
    await projects.update(project.id, { name: name.trim(), description: description.trim() });
    await reloadProject();
    toast("Project saved");
  });
  return (
    <>
      <PageHeader title="Project settings" />
      <div class="stack narrow">
        <form class="card stack" onSubmit={save.onSubmit}>
          <TextField label="Name" required value={name} onValue={setName} />
          <TextAreaField
            label="Description"
            rows={3}
            value={description}
            onValue={setDescription}
          />
          <p class="muted small">
            Project id for the admin API: <code>{project.id}</code>
          </p>
          <FormActions submit={save} label="Save" />
        </form>
        <ApprovalRules may={perms.data?.actions["approval.write"] !== false} />
        <ProjectRollback may={perms.data?.actions["project.rollback"] !== false} />
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
              forgetPlace();
              navigate(`/w/${workspaceId}`, { force: true });
            }}
          />
        </section>
      </div>
    </>
  );
}
