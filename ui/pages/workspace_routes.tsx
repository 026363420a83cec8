// Screens of one workspace: its projects, members, API keys, relay keys, webhooks and audit log.
import { useEffect } from "preact/hooks";
import { Shell } from "../components/shell.tsx";
import { EmptyState, Link } from "../components/ui.tsx";
import { rememberPlace } from "../lib/last_place.ts";
import { match } from "../lib/router.ts";
import { ApiKeysPage } from "./api_keys.tsx";
import { AuditPage } from "./audit.tsx";
import { WorkspaceMembersPage } from "./members.tsx";
import { ProjectsPage } from "./projects.tsx";
import { RelayKeysPage } from "./relay_keys.tsx";
import { WebhookPage } from "./webhook_page.tsx";
import { WebhooksPage } from "./webhooks.tsx";

export function WorkspaceRoutes({ workspaceId, rest }: { workspaceId: string; rest: string }) {
  useEffect(() => rememberPlace(`/w/${workspaceId}`), [workspaceId]);
  let page;
  if (rest === "") page = <ProjectsPage workspaceId={workspaceId} />;
  else if (rest === "members") page = <WorkspaceMembersPage workspaceId={workspaceId} />;
  else if (rest === "api-keys") page = <ApiKeysPage workspaceId={workspaceId} />;
  else if (rest === "relay-keys") page = <RelayKeysPage workspaceId={workspaceId} />;
  else if (match("audit", rest)) page = <AuditPage workspaceId={workspaceId} />;
  else if (rest === "webhooks") page = <WebhooksPage workspaceId={workspaceId} />;
  else if (match("webhooks/:id", rest)) {
    page = <WebhookPage workspaceId={workspaceId} webhookId={match("webhooks/:id", rest)!.id!} />;
  } else {
    page = (
      <EmptyState
        title="Page not found"
        action={<Link href={`/w/${workspaceId}`}>Back to the projects</Link>}
      >
        There is nothing at this address.
      </EmptyState>
    );
  }
  return <Shell workspaceId={workspaceId}>{page}</Shell>;
}
