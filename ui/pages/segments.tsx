// A project's segments (docs/targeting.md): the list, and one segment's editor with its
// conditions, the configs that use it, and delete (allowed while in use: their conditions
// stop matching, and the dialog says which configs).
import { useEffect, useId, useState } from "preact/hooks";
import { AsyncTable } from "../components/async_table.tsx";
import { ConfirmButton } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import {
  Button,
  EmptyState,
  ErrorBox,
  Link,
  Loading,
  NameList,
  PageHeader,
  TextField,
} from "../components/ui.tsx";
import { segments as segmentApi } from "../lib/endpoints.ts";
import { navigate } from "../lib/router.ts";
import type { Condition, Segment } from "../lib/types.ts";
import { useData } from "../lib/use_data.ts";
import { useSubmit } from "../lib/use_submit.ts";
import { ConditionList } from "./condition_editor.tsx";
import { useProject } from "./project_context.ts";

export function SegmentsPage() {
  const { project, base } = useProject();
  const list = useData(() => segmentApi.list(project.id), [project.id]);
  return (
    <>
      <PageHeader
        title="Segments"
        subtitle="Named audiences, such as beta testers, that overrides use with “in segment”. A change reaches every config that uses one at once."
        actions={
          <Button
            variant="primary"
            icon="plus"
            onClick={() => navigate(`${base}/segments/new`)}
          >
            New segment
          </Button>
        }
      />
      <AsyncTable
        data={list}
        errorTitle="Cannot load the segments."
        empty={
          <EmptyState title="No segments yet" icon="users">
            Define an audience once (“plan is pro and country is DE”) and use it in any config.
          </EmptyState>
        }
        head={
          <>
            <th>Name</th>
            <th>Description</th>
            <th>Conditions</th>
            <th>Version</th>
          </>
        }
        row={(s: Segment) => (
          <tr key={s.name}>
            <td>
              <Link href={`${base}/segments/${encodeURIComponent(s.name)}`}>{s.name}</Link>
            </td>
            <td>{s.description}</td>
            <td>{s.conditions.length}</td>
            <td>{s.version}</td>
          </tr>
        )}
      />
    </>
  );
}

export function SegmentEditor({ name }: { name: string | null }) {
  const { project, base } = useProject();
  const loaded = useData(
    () => (name === null ? Promise.resolve(null) : segmentApi.get(project.id, name)),
    [project.id, name],
  );
  const [newName, setNewName] = useState("");
  const [description, setDescription] = useState("");
  const [conditions, setConditions] = useState<Condition[]>([]);
  const propertiesId = useId();
  useEffect(() => {
    if (!loaded.data) return;
    setDescription(loaded.data.description);
    setConditions(loaded.data.conditions);
  }, [loaded.data]);
  const save = useSubmit(async () => {
    if (name === null) {
      await segmentApi.create(project.id, { name: newName.trim(), description, conditions });
      toast(`Created segment ${newName.trim()}`);
      navigate(`${base}/segments/${encodeURIComponent(newName.trim())}`);
      return;
    }
    await segmentApi.update(project.id, name, {
      description,
      conditions,
      baseVersion: loaded.data!.version,
    });
    toast(`Saved segment ${name}`);
    await loaded.reload();
  });
  if (name !== null && !loaded.data) {
    return loaded.error
      ? <ErrorBox error={loaded.error} title={`Cannot load segment ${name}.`} />
      : <Loading />;
  }
  const usedBy = loaded.data?.usedBy ?? [];
  const env = { projectId: project.id, configName: "", allConfigs: [], propertiesId, plain: true };
  return (
    <form class="stack" onSubmit={save.onSubmit}>
      <PageHeader
        title={name === null ? "New segment" : `Segment ${name}`}
        subtitle={<Link href={`${base}/segments`}>All segments</Link>}
      />
      <ErrorBox error={save.error} title="Cannot save the segment." />
      {name === null && (
        <TextField
          label="Name"
          required
          placeholder="beta-testers"
          hint="Letters, digits, - and _; conditions refer to it by this name."
          value={newName}
          onValue={setNewName}
        />
      )}
      <TextField label="Description" value={description} onValue={setDescription} />
      <div class="card">
        <h3>A context is in the segment when all of these match</h3>
        <datalist id={propertiesId} />
        <ConditionList
          conditions={conditions}
          env={env}
          depth={1}
          label="and"
          onChange={setConditions}
        />
      </div>
      {name !== null && (
        <p class="muted small" data-testid="used-by">
          {usedBy.length === 0 ? "No config uses this segment." : (
            <>
              Used by <NameList names={usedBy} />.
            </>
          )}
        </p>
      )}
      <div class="row">
        <Button type="submit" variant="primary" busy={save.busy}>
          {name === null ? "Create segment" : "Save segment"}
        </Button>
        {name !== null && (
          <ConfirmButton
            label="Delete"
            title={`Delete segment ${name}?`}
            message={usedBy.length === 0 ? <p>No config uses it.</p> : (
              <p>
                <NameList names={usedBy} /> {usedBy.length === 1 ? "uses" : "use"}{" "}
                it. Their “in segment” and “not in segment” conditions will not match until a
                segment of this name exists again.
              </p>
            )}
            confirmLabel="Delete segment"
            action={async () => {
              await segmentApi.remove(project.id, name);
              toast(`Deleted segment ${name}`);
              navigate(`${base}/segments`);
            }}
          />
        )}
      </div>
    </form>
  );
}
