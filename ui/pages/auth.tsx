// First-run setup, sign in and sign up: one form, three wordings.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { Button, ErrorBox, Field, Link, TextField } from "../components/ui.tsx";
import { auth } from "../lib/endpoints.ts";
import { navigate } from "../lib/router.ts";
import { startSession } from "../lib/session.ts";
import type { AuthStatus } from "../lib/types.ts";
import { useSubmit } from "../lib/use_submit.ts";

type Mode = "setup" | "signin" | "signup";

const TEXT: Record<Mode, { title: string; lead: string; submit: string }> = {
  setup: {
    title: "Welcome to Dialtone",
    lead: "Create the first account. It becomes the administrator of a new workspace with a " +
      "first project and two environments, Production and Development.",
    submit: "Create account",
  },
  signin: {
    title: "Sign in",
    lead: "Sign in to manage your configs and feature flags.",
    submit: "Sign in",
  },
  signup: {
    title: "Create an account",
    lead: "Join your team on this Dialtone server.",
    submit: "Create account",
  },
};

export function AuthPage({ mode, status }: { mode: Mode; status: AuthStatus }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  const text = mode === "signup" && status.inviteOnly
    ? {
      ...TEXT.signup,
      lead: "Sign-up on this server is by invitation: use the email a workspace admin added.",
    }
    : TEXT[mode];
  const creating = mode !== "signin";

  const submit = useSubmit(async () => {
    const result = creating
      ? await auth.signup({ email, password, ...(name.trim() ? { name: name.trim() } : {}) })
      : await auth.login({ email, password });
    await startSession(result.csrfToken);
    navigate("/", { replace: true, force: true });
  });

  const sso = status.sso ? <SsoSignIn {...status.sso} alone={!status.passwordAuthEnabled} /> : null;
  if (!status.passwordAuthEnabled && sso) return <AuthFrame title="Sign in">{sso}</AuthFrame>;
  if (!status.passwordAuthEnabled) {
    return (
      <AuthFrame title="Sign-in is disabled">
        <p>
          Password sign-in is turned off on this server (PASSWORD_AUTH_ENABLED=false). Use an API
          key with the admin API, or ask your administrator.
        </p>
      </AuthFrame>
    );
  }
  const domains = status.allowedEmailDomains;
  return (
    <AuthFrame title={text.title}>
      <p class="lead">{text.lead}</p>
      {sso}
      <form onSubmit={submit.onSubmit} class="stack">
        {creating && (
          <Field label="Name" hint="Optional; shown to your teammates.">
            {(id, d) => (
              <input
                id={id}
                aria-describedby={d}
                value={name}
                autocomplete="name"
                onInput={(e) => setName((e.target as HTMLInputElement).value)}
              />
            )}
          </Field>
        )}
        <Field
          label="Email"
          hint={creating && domains.length ? `Allowed domains: ${domains.join(", ")}` : undefined}
        >
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              type="email"
              required
              autocomplete="email"
              value={email}
              onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
            />
          )}
        </Field>
        <TextField
          label="Password"
          hint={creating ? "At least 8 characters." : undefined}
          type="password"
          required
          minLength={creating ? 8 : undefined}
          autocomplete={creating ? "new-password" : "current-password"}
          value={password}
          onValue={setPassword}
        />
        <ErrorBox error={submit.error} />
        <Button type="submit" variant="primary" busy={submit.busy} class="btn-block">
          {text.submit}
        </Button>
      </form>
      {mode === "signin" && (status.registrationOpen || status.inviteOnly) && (
        <p class="muted center">
          New here? <Link href="/signup">Create an account</Link>
        </p>
      )}
      {mode === "signup" && (
        <p class="muted center">
          Already have an account? <Link href="/signin">Sign in</Link>
        </p>
      )}
    </AuthFrame>
  );
}

/** The provider's button, and why the last SSO attempt failed (the callback says so). */
function SsoSignIn(
  { displayName, loginUrl, alone }: { displayName: string; loginUrl: string; alone: boolean },
) {
  const error = new URLSearchParams(location.search).get("sso_error");
  return (
    <div class="stack">
      {error && <div class="alert alert-error" role="alert">{error}</div>}
      <a class="btn btn-primary btn-block" href={loginUrl}>Sign in with {displayName}</a>
      {!alone && <p class="muted center small">or with your email and password</p>}
    </div>
  );
}

function AuthFrame({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <main class="auth" id="main">
      <div class="auth-card">
        <div class="brand auth-brand">
          <span class="brand-mark" aria-hidden="true" />Dialtone
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
