// Which project an address names: a UUID segment is its id (the old addresses), anything else
// its name in the address's workspace. A loaded project is kept, not fetched again, when the
// address changes to another segment naming it (the readable address replacing an id, or the
// new name after a rename).
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../lib/api.ts";
import { projects } from "../lib/endpoints.ts";
import { looksLikeId, segmentNames } from "../lib/project_path.ts";
import type { Project } from "../lib/types.ts";

type Loaded = { key: string | null; project?: Project; error?: unknown };

async function find(workspaceId: string, segment: string): Promise<Project> {
  if (looksLikeId(segment)) return await projects.get(segment);
  const found = (await projects.list(workspaceId)).find((p) => p.name === segment);
  if (found) return found;
  throw new ApiError(404, `No project named "${segment}" in this workspace`, [], "not_found");
}

export function useProjectAt(workspaceId: string, segment: string): {
  project: Project | undefined;
  error: unknown;
  reload: () => Promise<void>;
} {
  const key = `${workspaceId}/${segment}`;
  const [state, setState] = useState<Loaded>({ key: null });
  const latest = useRef(state);
  latest.current = state;
  const fits = (p: Project | undefined) =>
    !!p && p.workspaceId === workspaceId && segmentNames(segment, p);

  useEffect(() => {
    const held = latest.current.project;
    if (fits(held)) {
      setState({ key, project: held });
      return;
    }
    let live = true;
    setState({ key });
    find(workspaceId, segment).then(
      (project) => live && setState({ key, project }),
      (error) => live && setState({ key, error }),
    );
    return () => {
      live = false;
    };
  }, [key]);

  const reload = useCallback(async () => {
    const held = latest.current.project;
    if (!held) return;
    const fresh = await projects.get(held.id);
    setState((s) => s.project?.id === fresh.id ? { ...s, project: fresh } : s);
  }, []);

  const shown = state.key === key || fits(state.project) ? state : { key };
  return { project: shown.project, error: shown.error, reload };
}
