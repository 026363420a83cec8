// A project's environments: add (optionally copying values from another), rename, reorder,
// delete (the server refuses to delete the last one).
import { useState } from "preact/hooks";
import { ConfirmButton } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import { Button, ErrorBox, Field, IconButton, PageHeader, TextField } from "../components/ui.tsx";
import { environments as envApi } from "../lib/endpoints.ts";
import type { Environment } from "../lib/types.ts";
import { useSubmit } from "../lib/use_submit.ts";
import { useProject } from "./project_context.ts";

export function EnvironmentsPage() {
  const { project, environments, reloadEnvironments } = useProject();
  const [name, setName] = useState("");
  const [copyFrom, setCopyFrom] = useState("");
  const act = useSubmit(async (fn: () => Promise<unknown>, done?: string) => {
    await fn();
    if (done) toast(done);
    await reloadEnvironments();
  });
  const attempt = act.run;
  const create = useSubmit(async () => {
    const created = await attempt(
      () => envApi.create(project.id, name.trim(), copyFrom || null),
      `Created ${name.trim()}`,
    );
    if (created) setName("");
  });
  const swap = (i: number, j: number) =>
    attempt(async () => {
      const ids = environments.map((e) => e.id);
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
      await envApi.reorder(project.id, ids);
    });
  return (
    <>
      <PageHeader
        title="Environments"
        subtitle="Each environment serves its own values to the SDK keys made for it, e.g. Production, Staging, Development."
      />
      <ErrorBox error={act.error} />
      <ol class="env-list">
        {environments.map((env, i) => (
          <EnvRow
            key={env.id}
            env={env}
            first={i === 0}
            last={i === environments.length - 1}
            onUp={() => swap(i, i - 1)}
            onDown={() => swap(i, i + 1)}
            onRename={(n) => attempt(() => envApi.rename(project.id, env.id, n), `Renamed to ${n}`)}
            onDelete={async () => {
              await envApi.remove(project.id, env.id);
              toast(`Deleted ${env.name}`);
              await reloadEnvironments();
            }}
          />
        ))}
      </ol>
      <form class="card inline-form" onSubmit={create.onSubmit}>
        <TextField
          label="New environment"
          required
          placeholder="Staging"
          value={name}
          onValue={setName}
        />
        <Field label="Start with the values of">
          {(id) => (
            <select
              id={id}
              value={copyFrom}
              onChange={(e) => setCopyFrom((e.target as HTMLSelectElement).value)}
            >
              <option value="">the base values</option>
              {environments.map((env) => <option key={env.id} value={env.id}>{env.name}</option>)}
            </select>
          )}
        </Field>
        <Button type="submit" variant="primary" icon="plus" busy={create.busy}>
          Add environment
        </Button>
      </form>
    </>
  );
}

function EnvRow(
  { env, first, last, onUp, onDown, onRename, onDelete }: {
    env: Environment;
    first: boolean;
    last: boolean;
    onUp: () => void;
    onDown: () => void;
    onRename: (name: string) => void;
    onDelete: () => Promise<void>;
  },
) {
  const [name, setName] = useState(env.name);
  const [empty, setEmpty] = useState(false);
  return (
    <li class="card env-row">
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          setEmpty(!name.trim());
          if (name.trim() && name.trim() !== env.name) onRename(name.trim());
        }}
      >
        <label class="sr-only" for={`env-${env.id}`}>Name of {env.name}</label>
        <input
          id={`env-${env.id}`}
          value={name}
          aria-invalid={empty ? "true" : undefined}
          onKeyDown={(e) => {
            if (e.key !== "Escape") return;
            setName(env.name);
            setEmpty(false);
          }}
          onInput={(e) => {
            setName((e.target as HTMLInputElement).value);
            setEmpty(false);
          }}
        />
        {empty && (
          <span class="field-error" role="alert">
            An environment needs a name: type one, or press Esc to keep {env.name}.
          </span>
        )}
        {name.trim() !== env.name && <Button type="submit" small>Rename</Button>}
        <div class="spacer" />
        <IconButton icon="up" label={`Move ${env.name} up`} disabled={first} onClick={onUp} />
        <IconButton icon="down" label={`Move ${env.name} down`} disabled={last} onClick={onDown} />
        <ConfirmButton
          small
          label="Delete"
          title={`Delete ${env.name}?`}
          message={
            <p>
              Its own values and overrides and its SDK keys are deleted; apps using those keys are
              disconnected.
            </p>
          }
          confirmLabel="Delete environment"
          action={onDelete}
          disabled={first && last}
        />
      </form>
    </li>
  );
}
