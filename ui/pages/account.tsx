// Account settings: display name, password, sign out.
import { useState } from "preact/hooks";
import { Shell } from "../components/shell.tsx";
import { toast } from "../components/toast.tsx";
import { Button, ErrorBox, Field, PageHeader, TextField } from "../components/ui.tsx";
import { auth } from "../lib/endpoints.ts";
import { navigate } from "../lib/router.ts";
import { refreshSession, session, signOut } from "../lib/session.ts";
import { useStore } from "../lib/store.ts";
import { lastWorkspace } from "./home.tsx";

export function AccountPage() {
  const s = useStore(session);
  if (s.state !== "signed_in") return null;
  const { user, workspaces } = s.me;
  return (
    <Shell workspaceId={lastWorkspace(workspaces.map((w) => w.id))}>
      <PageHeader
        title="Account"
        subtitle={user.email}
        actions={
          <Button
            icon="out"
            onClick={async () => {
              await signOut();
              navigate("/signin", { replace: true, force: true });
            }}
          >
            Sign out
          </Button>
        }
      />
      <div class="stack narrow">
        <NameForm initial={user.name} />
        <PasswordForm />
        <section class="card">
          <h2>Workspaces</h2>
          {workspaces.length === 0
            ? <p class="muted">You are not a member of any workspace.</p>
            : (
              <ul class="plain-list">
                {workspaces.map((w) => (
                  <li key={w.id}>
                    <a
                      href={`/w/${w.id}`}
                      onClick={(e) => {
                        e.preventDefault();
                        navigate(`/w/${w.id}`);
                      }}
                    >
                      {w.name}
                    </a>{" "}
                    <span class="muted small">({w.role})</span>
                  </li>
                ))}
              </ul>
            )}
        </section>
      </div>
    </Shell>
  );
}

function NameForm({ initial }: { initial: string }) {
  const [name, setName] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await auth.rename(name.trim());
      await refreshSession();
      toast("Name saved");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card stack" onSubmit={submit}>
      <h2>Profile</h2>
      <TextField
        label="Name"
        hint="Shown to your teammates in the audit log and member lists."
        autocomplete="name"
        value={name}
        onValue={setName}
      />
      <ErrorBox error={error} />
      <div>
        <Button type="submit" variant="primary" busy={busy} disabled={name.trim() === initial}>
          Save name
        </Button>
      </div>
    </form>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const mismatch = again !== "" && again !== next ? "The two new passwords differ." : null;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    try {
      await auth.password(current, next);
      setCurrent("");
      setNext("");
      setAgain("");
      toast("Password changed; your other sessions were signed out");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const input =
    (value: string, set: (v: string) => void, auto: string) => (id: string, d?: string) => (
      <input
        id={id}
        aria-describedby={d}
        type="password"
        required
        autocomplete={auto}
        value={value}
        onInput={(e) => set((e.target as HTMLInputElement).value)}
      />
    );
  return (
    <form class="card stack" onSubmit={submit}>
      <h2>Password</h2>
      <Field label="Current password">{input(current, setCurrent, "current-password")}</Field>
      <Field label="New password" hint="At least 8 characters.">
        {input(next, setNext, "new-password")}
      </Field>
      <Field label="New password again" error={mismatch}>
        {input(again, setAgain, "new-password")}
      </Field>
      <ErrorBox error={error} />
      <div>
        <Button type="submit" variant="primary" busy={busy} disabled={!!mismatch}>
          Change password
        </Button>
      </div>
    </form>
  );
}
