// "/": go to the last project used, or the first one; without a workspace, offer to create one.
import { useEffect, useState } from "preact/hooks";
import { Shell } from "../components/shell.tsx";
import { Button, EmptyState, ErrorBox, Loading, PageHeader, TextField } from "../components/ui.tsx";
import { projects, workspaces } from "../lib/endpoints.ts";
import { lastPlace, lastWorkspace } from "../lib/last_place.ts";
import { projectPath } from "../lib/project_path.ts";
import { navigate } from "../lib/router.ts";
import { refreshSession, session } from "../lib/session.ts";
import { useStore } from "../lib/store.ts";
import { useSubmit } from "../lib/use_submit.ts";

export function Home() {
  const s = useStore(session);
  const me = s.state === "signed_in" ? s.me : null;
  const [error, setError] = useState<unknown>(null);
  const list = me?.workspaces ?? [];

  useEffect(() => {
    if (!me || list.length === 0) return;
    const last = lastPlace();
    if (last && lastWorkspace(list.map((w) => w.id))) {
      navigate(last, { replace: true });
      return;
    }
    const ws = list[0]!;
    projects.list(ws.id).then((ps) => {
      navigate(ps.length === 1 ? projectPath(ws.id, ps[0]!) : `/w/${ws.id}`, { replace: true });
    }, setError);
  }, [me, list.length]);

  if (!me) return null;
  if (list.length > 0) {
    return <Shell workspaceId={null}>{error ? <ErrorBox error={error} /> : <Loading />}</Shell>;
  }
  return (
    <Shell workspaceId={null}>
      <PageHeader title="No workspace yet" />
      <EmptyState
        title="You are not a member of any workspace"
        action={<CreateWorkspace />}
      >
        Ask a workspace admin to add <strong>{me.user.email}</strong>{" "}
        as a member, or create your own workspace.
      </EmptyState>
    </Shell>
  );
}

function CreateWorkspace() {
  const [name, setName] = useState("");
  const save = useSubmit(async () => {
    const { id } = await workspaces.create(name.trim());
    await refreshSession();
    navigate(`/w/${id}`);
  });
  return (
    <form class="inline-form" onSubmit={save.onSubmit}>
      <TextField label="Workspace name" required value={name} onValue={setName} />
      <Button type="submit" variant="primary" busy={save.busy}>Create workspace</Button>
      <ErrorBox error={save.error} />
    </form>
  );
}
