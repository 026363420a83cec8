// The dashboard's root: waits for the session, then picks the screen for the URL.
import { useEffect } from "preact/hooks";
import { NotFound } from "./components/not_found.tsx";
import { Shell } from "./components/shell.tsx";
import { Toaster } from "./components/toast.tsx";
import { Button, ErrorBox, Loading } from "./components/ui.tsx";
import { match, navigate, useLocation } from "./lib/router.ts";
import { refreshSession, session } from "./lib/session.ts";
import { useStore } from "./lib/store.ts";
import type { AuthStatus } from "./lib/types.ts";
import { AccountPage } from "./pages/account.tsx";
import { AuthPage } from "./pages/auth.tsx";
import { Home } from "./pages/home.tsx";
import { ProjectRoutes } from "./pages/project_routes.tsx";
import { WorkspaceRoutes } from "./pages/workspace_routes.tsx";

export function App() {
  const s = useStore(session);
  const { path } = useLocation();
  useEffect(() => {
    void refreshSession();
  }, []);

  const signedOut = s.state === "signed_out";
  const wanted = signedOut
    ? s.status.needsSetup
      ? "/setup"
      : path === "/signup" && canSignUp(s.status)
      ? "/signup"
      : "/signin"
    : null;
  useEffect(() => {
    if (wanted && path !== wanted) navigate(wanted, { replace: true, force: true });
    if (s.state === "signed_in" && ["/setup", "/signin", "/signup"].includes(path)) {
      navigate("/", { replace: true, force: true });
    }
  }, [wanted, path, s.state]);

  return (
    <>
      {route(s, path)}
      <Toaster />
    </>
  );
}

function route(s: ReturnType<typeof session.get>, path: string) {
  if (s.state === "loading") {
    return (
      <div class="center-screen">
        <Loading />
      </div>
    );
  }
  if (s.state === "error") {
    return (
      <div class="center-screen">
        <div class="auth-card">
          <h1>Cannot reach Dialtone</h1>
          <ErrorBox error={new Error(s.message)} />
          <Button variant="primary" onClick={() => refreshSession()}>Try again</Button>
        </div>
      </div>
    );
  }
  if (s.state === "signed_out") {
    const mode = s.status.needsSetup
      ? "setup"
      : path === "/signup" && canSignUp(s.status)
      ? "signup"
      : "signin";
    return <AuthPage key={mode} mode={mode} status={s.status} />;
  }
  if (path === "/account") return <AccountPage />;
  let m = match("/w/:ws/p/:project/*", path);
  if (m) return <ProjectRoutes workspaceId={m.ws!} segment={m.project!} rest={m["*"] ?? ""} />;
  m = match("/w/:ws/*", path);
  if (m) return <WorkspaceRoutes workspaceId={m.ws!} rest={m["*"] ?? ""} />;
  if (path === "/") return <Home />;
  return (
    <Shell workspaceId={null}>
      <NotFound back="/" backLabel="Go to the dashboard" />
    </Shell>
  );
}

function canSignUp(status: AuthStatus): boolean {
  return status.registrationOpen || status.inviteOnly === true;
}
