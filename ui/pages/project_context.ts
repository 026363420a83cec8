// What every screen inside a project shares: the project, its environments, the chosen one.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Environment, Project } from "../lib/types.ts";

export type ProjectCtx = {
  workspaceId: string;
  project: Project;
  environments: Environment[];
  envId: string | null;
  setEnvId: (id: string) => void;
  reloadEnvironments: () => Promise<void>;
  reloadProject: () => Promise<void>;
  /** `/w/:ws/p/:project`, the readable address (`projectPath()`) */
  base: string;
};

export const ProjectContext = createContext<ProjectCtx | null>(null);

export function useProject(): ProjectCtx {
  const ctx = useContext(ProjectContext);
  if (!ctx) throw new Error("useProject() outside a project");
  return ctx;
}
