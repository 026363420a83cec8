// Dashboard addresses of a project: `/w/<workspace id>/p/<project name>`. Names are unique in a
// workspace, so the name is enough; a UUID in that place is read as the project's id, so old
// addresses keep working. Workspace names are not unique, so workspaces keep their ids.
import type { Project } from "./types.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An address segment that is a project id rather than a name. */
export const looksLikeId = (segment: string): boolean => UUID.test(segment);

/**
 * The project's segment in an address, encoded. Its id where the name cannot stand for it: a
 * name shaped like an id would be read as one, and "." or ".." are dot segments that browsers
 * resolve away (even percent-encoded).
 */
export function projectSegment(project: Pick<Project, "id" | "name">): string {
  const { name } = project;
  if (looksLikeId(name) || name === "." || name === "..") return project.id;
  return encodeURIComponent(name);
}

/** `/w/<workspace id>/p/<segment>`: a project's home in the dashboard. */
export function projectPath(workspaceId: string, project: Pick<Project, "id" | "name">): string {
  return `/w/${workspaceId}/p/${projectSegment(project)}`;
}

/** Whether a decoded address segment names this project (by its readable segment or its id). */
export function segmentNames(segment: string, project: Pick<Project, "id" | "name">): boolean {
  return segment === project.id || (!looksLikeId(segment) && segment === project.name);
}
