// Account settings: display name, password (or, for single sign-on accounts and with password
// sign-in disabled, how the user signs in), sign out.
import { useState } from "preact/hooks";
import { Shell } from "../components/shell.tsx";
import { toast } from "../components/toast.tsx";
import { Button, Field, PageHeader, TextField } from "../components/ui.tsx";
import { FormActions } from "../components/form_actions.tsx";
import { auth } from "../lib/endpoints.ts";
import { lastWorkspace } from "../lib/last_place.ts";
import { navigate } from "../lib/router.ts";
import { refreshSession, session, signOut } from "../lib/session.ts";
import { useStore } from "../lib/store.ts";
import { useSubmit } from "../lib/use_submit.ts";

export function AccountPage() {
  const s = useStore(session);
  if (s.state !== "signed_in") return null;
  const { user, workspaces, hasPassword } = s.me;
  const passwordAuth = s.status?.passwordAuthEnabled ?? true;
  const sso = s.status?.sso ?? null;
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
        {passwordAuth && hasPassword
          ? <PasswordForm />
          : (
            <section class="card" data-testid="sign-in-method">
              <h2>Sign-in</h2>
              <p>
                {sso
                  ? `You sign in with ${sso.displayName}.`
                  : passwordAuth
                  ? "This account has no password."
                  : "Password sign-in is disabled on this server."}
              </p>
            </section>
          )}
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
  const save = useSubmit(async () => {
    await auth.rename(name.trim());
    await refreshSession();
    toast("Name saved");
  });
  return (
    <form class="card stack" onSubmit={save.onSubmit}>
      <h2>Profile</h2>
      <TextField
        label="Name"
        hint="Shown to your teammates in the audit log and member lists."
        autocomplete="name"
        value={name}
        onValue={setName}
      />
      <FormActions submit={save} label="Save name" disabled={name.trim() === initial} />
    </form>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const mismatch = again !== "" && again !== next ? "The two new passwords differ." : null;
  const save = useSubmit(async () => {
    if (mismatch) return;
    await auth.password(current, next);
    setCurrent("");
    setNext("");
    setAgain("");
    toast("Password changed; your other sessions were signed out");
  });
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
    <form class="card stack" onSubmit={save.onSubmit}>
      <h2>Password</h2>
      <Field label="Current password">{input(current, setCurrent, "current-password")}</Field>
      <Field label="New password" hint="At least 8 characters.">
        {input(next, setNext, "new-password")}
      </Field>
      <Field label="New password again" error={mismatch}>
        {input(again, setAgain, "new-password")}
      </Field>
      <FormActions submit={save} label="Change password" disabled={!!mismatch} />
    </form>
  );
}
