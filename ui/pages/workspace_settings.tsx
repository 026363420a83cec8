// Rename or delete a workspace; its members are one link away.
import { useState } from "preact/hooks";
import { ConfirmButton } from "../components/dialog.tsx";
import { FormActions } from "../components/form_actions.tsx";
import { toast } from "../components/toast.tsx";
import { Link, PageHeader, TextField } from "../components/ui.tsx";
import { workspaces } from "../lib/endpoints.ts";
import { forgetPlace } from "../lib/last_place.ts";
import { navigate } from "../lib/router.ts";
import { refreshSession, session } from "../lib/session.ts";
import { useStore } from "../lib/store.ts";
import { useSubmit } from "../lib/use_submit.ts";

export function WorkspaceSettingsPage({ workspaceId }: { workspaceId: string }) {
  const s = useStore(session);
  const ws = s.state === "signed_in" ? s.me.workspaces.find((w) => w.id === workspaceId) : null;
  const [name, setName] = useState(ws?.name ?? "");
  const save = useSubmit(async () => {
    await workspaces.rename(workspaceId, name.trim());
    await refreshSession();
    toast("Workspace renamed");
  });
  const current = ws?.name ?? "this workspace";
  return (
    <>
      <PageHeader title="Workspace settings" />
      <div class="stack narrow">
        <form class="card stack" onSubmit={save.onSubmit}>
          <TextField label="Workspace name" required value={name} onValue={setName} />
          <p class="muted small">
            Workspace id for the admin API: <code>{workspaceId}</code>. People and roles:{" "}
            <Link href={`/w/${workspaceId}/members`}>Members</Link>.
          </p>
          <FormActions submit={save} label="Save" />
        </form>
        <section class="card danger-zone">
          <h3>Delete this workspace</h3>
          <p class="muted small">
            Deletes every project in it with their configs, environments and keys; connected apps
            are disconnected.
          </p>
          <ConfirmButton
            label="Delete workspace…"
            title={`Delete ${current}?`}
            message={<p>Everything in {current} is deleted. This cannot be undone.</p>}
            confirmLabel="Delete workspace"
            action={async () => {
              await workspaces.remove(workspaceId);
              toast(`Deleted ${current}`);
              forgetPlace();
              await refreshSession();
              navigate("/", { force: true });
            }}
          />
        </section>
      </div>
    </>
  );
}
