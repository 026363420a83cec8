// The New relay key dialog: a name, and what the relay may read (the whole workspace, some
// projects, or some environments of one project), as POST /workspaces/{id}/relay-keys takes it.
import { useState } from "preact/hooks";
import { Dialog } from "../components/dialog.tsx";
import { FormActions } from "../components/form_actions.tsx";
import { ErrorBox, Field, Loading, TextField } from "../components/ui.tsx";
import { environments, projects, workspaces } from "../lib/endpoints.ts";
import type { NewRelayKey, Project } from "../lib/types.ts";
import { useData } from "../lib/use_data.ts";
import { useSubmit } from "../lib/use_submit.ts";

type Scope = "workspace" | "projects" | "environments";

const toggled = (set: Set<string>, value: string, on: boolean) => {
  const next = new Set(set);
  if (on) next.add(value);
  else next.delete(value);
  return next;
};

export function NewRelayKeyDialog(
  { workspaceId, onClose, onCreated }: {
    workspaceId: string;
    onClose: () => void;
    onCreated: (k: NewRelayKey) => void;
  },
) {
  const all = useData(() => projects.list(workspaceId), [workspaceId]);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [scope, setScope] = useState<Scope>("workspace");
  const [pickedProjects, setPickedProjects] = useState<Set<string>>(new Set());
  const [envProject, setEnvProject] = useState("");
  const [pickedEnvs, setPickedEnvs] = useState<Set<string>>(new Set());
  const projectId = envProject || all.data?.[0]?.id || "";
  const save = useSubmit(async () => {
    const body = { name: name.trim(), description: description.trim() };
    if (scope === "projects" && pickedProjects.size === 0) {
      throw new Error("Pick at least one project, or let the key read the whole workspace.");
    }
    if (scope === "environments" && pickedEnvs.size === 0) {
      throw new Error("Pick at least one environment, or let the key read the whole workspace.");
    }
    onCreated(
      await workspaces.createRelayKey(workspaceId, {
        ...body,
        ...(scope === "projects" ? { projectIds: [...pickedProjects] } : {}),
        ...(scope === "environments" ? { environmentIds: [...pickedEnvs] } : {}),
      }),
    );
  });
  const option = (value: Scope, label: string) => (
    <label class="check">
      <input
        type="radio"
        name="relay-scope"
        checked={scope === value}
        onChange={() => setScope(value)}
      />{" "}
      {label}
    </label>
  );
  return (
    <Dialog title="New relay key" onClose={onClose} wide>
      <form class="stack" onSubmit={save.onSubmit}>
        <TextField
          label="Name"
          hint="Where the relay runs, e.g. us-east relay."
          required
          value={name}
          onValue={setName}
        />
        <TextField
          label="Description"
          hint="Optional."
          value={description}
          onValue={setDescription}
        />
        <fieldset class="stack">
          <legend>The relay reads</legend>
          {option("workspace", "The whole workspace")}
          {option("projects", "Some projects")}
          {option("environments", "Some environments of one project")}
        </fieldset>
        {scope !== "workspace" && <ErrorBox error={all.error} title="Cannot load the projects." />}
        {scope !== "workspace" && !all.data && !all.error && <Loading label="Loading projects…" />}
        {scope === "projects" && all.data && (
          <fieldset class="stack">
            <legend>Projects</legend>
            {all.data.map((p) => (
              <label key={p.id} class="check">
                <input
                  type="checkbox"
                  checked={pickedProjects.has(p.id)}
                  onChange={(e) =>
                    setPickedProjects(
                      toggled(pickedProjects, p.id, (e.target as HTMLInputElement).checked),
                    )}
                />{" "}
                {p.name}
              </label>
            ))}
          </fieldset>
        )}
        {scope === "environments" && all.data && (
          <EnvironmentPicks
            projects={all.data}
            projectId={projectId}
            onProject={(id) => {
              setEnvProject(id);
              setPickedEnvs(new Set());
            }}
            picked={pickedEnvs}
            onPicked={setPickedEnvs}
          />
        )}
        <FormActions submit={save} label="Create key" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

function EnvironmentPicks(
  { projects: list, projectId, onProject, picked, onPicked }: {
    projects: Project[];
    projectId: string;
    onProject: (id: string) => void;
    picked: Set<string>;
    onPicked: (picked: Set<string>) => void;
  },
) {
  const envs = useData(
    () => projectId ? environments.list(projectId) : Promise.resolve([]),
    [projectId],
  );
  return (
    <fieldset class="stack">
      <legend>Environments</legend>
      <Field label="Project">
        {(id) => (
          <select
            id={id}
            value={projectId}
            onChange={(e) => onProject((e.target as HTMLSelectElement).value)}
          >
            {list.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        )}
      </Field>
      <ErrorBox error={envs.error} title="Cannot load the environments." />
      {!envs.data
        ? !envs.error && <Loading label="Loading environments…" />
        : envs.data.map((env) => (
          <label key={env.id} class="check">
            <input
              type="checkbox"
              checked={picked.has(env.id)}
              onChange={(e) =>
                onPicked(toggled(picked, env.id, (e.target as HTMLInputElement).checked))}
            />{" "}
            {env.name}
          </label>
        ))}
    </fieldset>
  );
}
