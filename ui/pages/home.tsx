// "/": go to the last project used, or the first one; without a workspace, offer to create one.
import { useEffect, useState } from "preact/hooks";
import { Shell } from "../components/shell.tsx";
import { Button, EmptyState, ErrorBox, Loading, PageHeader, TextField } from "../components/ui.tsx";
import { projects, workspaces } from "../lib/endpoints.ts";
import { navigate } from "../lib/router.ts";
import { refreshSession, session } from "../lib/session.ts";
import { useStore } from "../lib/store.ts";

export const LAST_KEY = "dialtone.last";

export function rememberPlace(path: string) {
  try {
    localStorage.setItem(LAST_KEY, path);
  } catch { /* not important */ }
}

/** The workspace of the last place visited, if the user still belongs to it. */
export function lastWorkspace(ids: string[]): string | null {
  try {
    const id = localStorage.getItem(LAST_KEY)?.match(/^\/w\/([^/]+)/)?.[1];
    return id && ids.includes(id) ? id : null;
  } catch {
    return null;
  }
}

export function Home() {
  const s = useStore(session);
  const me = s.state === "signed_in" ? s.me : null;
  const [error, setError] = useState<unknown>(null);
  const list = me?.workspaces ?? [];

  useEffect(() => {
    if (!me || list.length === 0) return;
    let last: string | null = null;
    try {
      last = localStorage.getItem(LAST_KEY);
    } catch { /* ignore */ }
    const lastWs = last?.match(/^\/w\/([^/]+)/)?.[1];
    if (last && lastWs && list.some((w) => w.id === lastWs)) {
      navigate(last, { replace: true });
      return;
    }
    const ws = list[0]!;
    projects.list(ws.id).then((ps) => {
      navigate(ps.length === 1 ? `/w/${ws.id}/p/${ps[0]!.id}` : `/w/${ws.id}`, { replace: true });
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { id } = await workspaces.create(name.trim());
      await refreshSession();
      navigate(`/w/${id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="inline-form" onSubmit={submit}>
      <TextField label="Workspace name" required value={name} onValue={setName} />
      <Button type="submit" variant="primary" busy={busy}>Create workspace</Button>
      <ErrorBox error={error} />
    </form>
  );
}
