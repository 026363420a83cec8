// Screens of one workspace: its projects, members, API keys, relay keys, webhooks and audit log.
import { useEffect } from "preact/hooks";
import { Shell } from "../components/shell.tsx";
import { NotFound } from "../components/not_found.tsx";
import { rememberPlace } from "../lib/last_place.ts";
import { match } from "../lib/router.ts";
import { session } from "../lib/session.ts";
import { useStore } from "../lib/store.ts";
import { ApiKeysPage } from "./api_keys.tsx";
import { AuditPage } from "./audit.tsx";
import { WorkspaceMembersPage } from "./members.tsx";
import { ProjectsPage } from "./projects.tsx";
import { RelayKeysPage } from "./relay_keys.tsx";
import { WebhookPage } from "./webhook_page.tsx";
import { WebhooksPage } from "./webhooks.tsx";
import { WorkspaceSettingsPage } from "./workspace_settings.tsx";

export function WorkspaceRoutes({ workspaceId, rest }: { workspaceId: string; rest: string }) {
  const s = useStore(session);
  const member = s.state === "signed_in" && s.me.workspaces.some((w) => w.id === workspaceId);
  useEffect(() => {
    if (member) rememberPlace(`/w/${workspaceId}`);
  }, [workspaceId, member]);
  let page;
  if (!member) {
    page = (
      <NotFound back="/" backLabel="Go to the dashboard">
        There is no workspace at this address, or you are not one of its members.
      </NotFound>
    );
  } else if (rest === "") page = <ProjectsPage workspaceId={workspaceId} />;
  else if (rest === "members") page = <WorkspaceMembersPage workspaceId={workspaceId} />;
  else if (rest === "api-keys") page = <ApiKeysPage workspaceId={workspaceId} />;
  else if (rest === "relay-keys") page = <RelayKeysPage workspaceId={workspaceId} />;
  else if (rest === "settings") page = <WorkspaceSettingsPage workspaceId={workspaceId} />;
  else if (match("audit", rest)) page = <AuditPage workspaceId={workspaceId} />;
  else if (rest === "webhooks") page = <WebhooksPage workspaceId={workspaceId} />;
  else if (match("webhooks/:id", rest)) {
    page = <WebhookPage workspaceId={workspaceId} webhookId={match("webhooks/:id", rest)!.id!} />;
  } else page = <NotFound back={`/w/${workspaceId}`} backLabel="Back to the projects" />;
  return <Shell workspaceId={workspaceId}>{page}</Shell>;
}
