// A project's exclusion groups (docs/targeting.md): experiments in one group never share a
// user. Each slice is a share of traffic, with a live sum (at most 100); a weighted rule in a
// config's overrides names the slice it runs in.
import { useState } from "preact/hooks";
import { AsyncList } from "../components/async_table.tsx";
import { ConfirmButton } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import {
  Button,
  EmptyState,
  ErrorBox,
  IconButton,
  NameList,
  PageHeader,
  TextField,
} from "../components/ui.tsx";
import { exclusionGroups as groupApi } from "../lib/endpoints.ts";
import type { ExclusionGroup } from "../lib/types.ts";
import { useData } from "../lib/use_data.ts";
import { useSubmit } from "../lib/use_submit.ts";
import { useProject } from "./project_context.ts";

type SliceDraft = { name: string; weight: number };
const sumOf = (slices: SliceDraft[]) =>
  Math.round(slices.reduce((s, x) => s + (Number.isFinite(x.weight) ? x.weight : 0), 0) * 100) /
  100;

export function ExclusionGroupsPage() {
  const { project } = useProject();
  const list = useData(() => groupApi.list(project.id), [project.id]);
  return (
    <>
      <PageHeader
        title="Exclusion groups"
        subtitle="Experiments in one group get disjoint slices of traffic, so a user is in at most one of them."
      />
      <AsyncList
        data={list}
        errorTitle="Cannot load the exclusion groups."
        empty={
          <EmptyState title="No exclusion groups yet" icon="layers">
            Add a group with one slice per experiment; a weighted rule then names its slice.
          </EmptyState>
        }
      >
        {(groups: ExclusionGroup[]) => (
          <div class="stack">
            {groups.map((g) => (
              <GroupCard key={`${g.name}:${g.version}`} group={g} onSaved={list.reload} />
            ))}
          </div>
        )}
      </AsyncList>
      <GroupCard group={null} onSaved={list.reload} />
    </>
  );
}

function GroupCard(
  { group, onSaved }: { group: ExclusionGroup | null; onSaved: () => Promise<unknown> },
) {
  const { project } = useProject();
  const [name, setName] = useState("");
  const [description, setDescription] = useState(group?.description ?? "");
  const [property, setProperty] = useState(group?.property ?? "userId");
  const [slices, setSlices] = useState<SliceDraft[]>(
    group?.slices.map((s) => ({ name: s.name, weight: s.weight })) ??
      [{ name: "experiment-1", weight: 50 }],
  );
  const users = useData(
    () => (group ? groupApi.get(project.id, group.name) : Promise.resolve(null)),
    [project.id, group?.name, group?.version],
  );
  const save = useSubmit(async () => {
    const body = { description, property, slices };
    if (group) {
      await groupApi.update(project.id, group.name, { ...body, baseVersion: group.version });
      toast(`Saved exclusion group ${group.name}`);
    } else {
      await groupApi.create(project.id, { ...body, name: name.trim() });
      toast(`Created exclusion group ${name.trim()}`);
      setName("");
    }
    await onSaved();
  });
  const sum = sumOf(slices);
  const set = (i: number, s: SliceDraft) => setSlices(slices.map((x, j) => (j === i ? s : x)));
  const title = group ? group.name : "New exclusion group";
  return (
    <form class="card stack" aria-label={title} onSubmit={save.onSubmit}>
      <h3>{title}</h3>
      <ErrorBox error={save.error} title="Cannot save the exclusion group." />
      {!group && <TextField label="Name" required value={name} onValue={setName} />}
      <TextField label="Description" value={description} onValue={setDescription} />
      <TextField
        label="Bucket by"
        hint="The context property that decides each user's slice."
        value={property}
        onValue={setProperty}
      />
      <table class="weights">
        <thead>
          <tr>
            <th>Slice (experiment)</th>
            <th>Traffic %</th>
            <th>
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {slices.map((s, i) => (
            <tr key={i}>
              <td>
                <input
                  aria-label={`Name of slice ${i + 1}`}
                  value={s.name}
                  onInput={(e) => set(i, { ...s, name: (e.target as HTMLInputElement).value })}
                />
              </td>
              <td>
                <input
                  type="number"
                  min={0}
                  max={100}
                  step="0.01"
                  aria-label={`Traffic of slice ${i + 1}`}
                  value={s.weight}
                  onInput={(e) =>
                    set(i, { ...s, weight: Number((e.target as HTMLInputElement).value) || 0 })}
                />
              </td>
              <td>
                <IconButton
                  icon="trash"
                  label={`Remove slice ${i + 1}`}
                  onClick={() => setSlices(slices.filter((_, j) => j !== i))}
                />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>
              <button
                type="button"
                class="linkish small"
                onClick={() =>
                  setSlices([...slices, { name: `experiment-${slices.length + 1}`, weight: 0 }])}
              >
                + Add slice
              </button>
            </td>
            <td colSpan={2}>
              <output class={sum <= 100 ? "sum ok" : "sum bad"} aria-label="Sum of slices">
                Sum: {sum}%
              </output>{" "}
              <span class="muted small">
                {sum <= 100
                  ? `${Math.round((100 - sum) * 100) / 100}% of users are in no experiment.`
                  : "The slices must add up to at most 100."}
              </span>
            </td>
          </tr>
        </tfoot>
      </table>
      {group && (users.data?.usedBy?.length ?? 0) > 0 && (
        <p class="muted small">
          Used by <NameList names={users.data!.usedBy!} />.
        </p>
      )}
      <div class="row">
        <Button type="submit" variant="primary" busy={save.busy}>
          {group ? "Save group" : "Create group"}
        </Button>
        {group && (
          <ConfirmButton
            label="Delete"
            title={`Delete exclusion group ${group.name}?`}
            message={
              <p>
                Weighted rules in its slices will stop applying until a group of this name exists.
              </p>
            }
            confirmLabel="Delete group"
            action={async () => {
              await groupApi.remove(project.id, group.name);
              toast(`Deleted exclusion group ${group.name}`);
              await onSaved();
            }}
          />
        )}
      </div>
    </form>
  );
}
