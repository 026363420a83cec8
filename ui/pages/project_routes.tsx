// Screens of one project. Finds the project the address names, keeps the address readable,
// and loads its siblings and environments once for all screens.
import { useEffect, useMemo, useState } from "preact/hooks";
import { Shell } from "../components/shell.tsx";
import { isMissing, NotFound } from "../components/not_found.tsx";
import { ErrorBox, Link, Loading, Notice } from "../components/ui.tsx";
import { environments as envApi, projects } from "../lib/endpoints.ts";
import { rememberPlace } from "../lib/last_place.ts";
import { projectPath, projectSegment } from "../lib/project_path.ts";
import { match, replacePath, setQuery, useLocation } from "../lib/router.ts";
import type { Project } from "../lib/types.ts";
import { useData } from "../lib/use_data.ts";
import { AuditPage } from "./audit.tsx";
import { ChangeRequestPage } from "./change_request_page.tsx";
import { ChangeRequestsPage, useWaitingCount } from "./change_requests.tsx";
import { ConfigList } from "./config_list.tsx";
import { ConfigPage } from "./config_page.tsx";
import { ConnectionsPage } from "./connections.tsx";
import { EnvironmentsPage } from "./environments.tsx";
import { ExclusionGroupsPage } from "./exclusion_groups.tsx";
import { SegmentEditor, SegmentsPage } from "./segments.tsx";
import { ProjectMembersPage } from "./members.tsx";
import { useProjectAt } from "./project_at.ts";
import { ProjectContext, type ProjectCtx } from "./project_context.ts";
import { ProjectSettingsPage } from "./project_settings.tsx";
import { SchedulesPage } from "./schedules.tsx";
import { SdkKeysPage } from "./sdk_keys.tsx";
import { TransferPage } from "./transfer.tsx";

const envKey = (projectId: string) => `dialtone.env.${projectId}`;

/** The project an address names (`segment`: its name, or its id in older addresses). */
export function ProjectRoutes(
  { workspaceId, segment, rest }: { workspaceId: string; segment: string; rest: string },
) {
  const { project, error, reload } = useProjectAt(workspaceId, segment);

  // Show the readable address: the name for an id, the new name after a rename.
  useEffect(() => {
    if (!project) return;
    const parts = location.pathname.split("/"); // "", "w", workspace, "p", project, rest…
    const want = projectSegment(project);
    if (
      parts[2] === project.workspaceId && parts[4] !== undefined &&
      safeDecode(parts[4]) === decodeURIComponent(want)
    ) return;
    const tail = parts.slice(5).join("/");
    replacePath(
      `${projectPath(project.workspaceId, project)}${tail ? `/${tail}` : ""}${location.search}`,
    );
  }, [project, workspaceId, segment]);

  if (error) {
    return (
      <Shell workspaceId={workspaceId}>
        {isMissing(error)
          ? (
            <NotFound back={`/w/${workspaceId}`} backLabel="Back to the projects">
              There is no project at this address, or it was renamed or deleted.
            </NotFound>
          )
          : <ErrorBox error={error} title="Cannot open this project." />}
        {!isMissing(error) && <Link href={`/w/${workspaceId}`}>Back to the projects</Link>}
      </Shell>
    );
  }
  if (!project) {
    return (
      <Shell workspaceId={workspaceId}>
        <Loading />
      </Shell>
    );
  }
  return <ProjectScreens key={project.id} project={project} reload={reload} rest={rest} />;
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function ProjectScreens(
  { project, reload, rest }: { project: Project; reload: () => Promise<void>; rest: string },
) {
  const workspaceId = project.workspaceId;
  const projectId = project.id;
  const base = projectPath(workspaceId, project);
  const { query } = useLocation();
  const siblings = useData(() => projects.list(workspaceId), [workspaceId, projectId]);
  const envs = useData(() => envApi.list(projectId), [projectId]);
  const [stored, setStored] = useState<string | null>(() => {
    try {
      return localStorage.getItem(envKey(projectId));
    } catch {
      return null;
    }
  });
  // By id, so that "/" still finds the project after someone renames it.
  useEffect(() => rememberPlace(`/w/${workspaceId}/p/${projectId}`), [workspaceId, projectId]);
  const waiting = useWaitingCount(projectId);

  const list = envs.data ?? [];
  const fromQuery = query.get("env");
  const envId = [fromQuery, stored].find((id) => id && list.some((e) => e.id === id)) ??
    list[0]?.id ?? null;
  const setEnvId = (id: string) => {
    setStored(id);
    try {
      localStorage.setItem(envKey(projectId), id);
    } catch { /* not important */ }
    if (fromQuery) setQuery({ env: id });
  };

  const ctx = useMemo<ProjectCtx>(() => ({
    workspaceId,
    project,
    environments: list,
    envId,
    setEnvId,
    reloadEnvironments: envs.reload,
    reloadProject: async () => {
      await reload();
      await siblings.reload();
    },
    base,
  }), [project, envs.data, envId, base]);

  const nav = {
    project: ctx.project,
    projects: siblings.data ?? [ctx.project],
    environments: list,
    envId,
    setEnvId,
    waiting,
  };
  return (
    <ProjectContext.Provider value={ctx}>
      <Shell workspaceId={workspaceId} nav={nav}>
        {envs.error ? <ErrorBox error={envs.error} title="Cannot load the environments." /> : null}
        {fromQuery && envs.data && !list.some((e) => e.id === fromQuery) && (
          <Notice kind="warn">
            This address names an environment that is not in this project (it may have been
            deleted). Showing {list.find((e) => e.id === envId)?.name ?? "no environment"} instead.
          </Notice>
        )}
        {page(rest, ctx)}
      </Shell>
    </ProjectContext.Provider>
  );
}

function page(rest: string, ctx: ProjectCtx) {
  if (rest === "") return <ConfigList />;
  const m = match("configs/:name/:tab?", rest);
  if (m) return <ConfigPage key={m.name} name={m.name!} tab={m.tab ?? "value"} />;
  const cr = match("change-requests/:id", rest);
  if (cr) return <ChangeRequestPage key={cr.id} id={cr.id!} />;
  const s = match("segments/:name", rest);
  if (s) return <SegmentEditor key={s.name} name={s.name === "new" ? null : s.name!} />;
  switch (rest) {
    case "environments":
      return <EnvironmentsPage />;
    case "segments":
      return <SegmentsPage />;
    case "exclusion-groups":
      return <ExclusionGroupsPage />;
    case "sdk-keys":
      return <SdkKeysPage />;
    case "connections":
      return <ConnectionsPage />;
    case "members":
      return <ProjectMembersPage />;
    case "audit":
      return <AuditPage workspaceId={ctx.workspaceId} projectId={ctx.project.id} />;
    case "transfer":
      return <TransferPage />;
    case "schedules":
      return <SchedulesPage />;
    case "change-requests":
      return <ChangeRequestsPage />;
    case "settings":
      return <ProjectSettingsPage />;
  }
  return <NotFound back={ctx.base} backLabel="Back to the configs" />;
}
