// Two versions of a config side by side: what changed in words (by environment name), then the
// diff of their states. Versions never change, so each is fetched once per page load.
import { DiffView } from "../components/diff_view.tsx";
import { ErrorBox, Loading } from "../components/ui.tsx";
import { changeSummary } from "../lib/change_summary.ts";
import { configs } from "../lib/endpoints.ts";
import { pretty } from "../lib/format.ts";
import type { Environment, VersionDetail } from "../lib/types.ts";
import { useData } from "../lib/use_data.ts";

/** A version's state with environment ids replaced by names, for reading. */
function readable(v: VersionDetail, environments: Environment[]) {
  const s = v.state;
  const name = (id: string) => environments.find((e) => e.id === id)?.name ?? id;
  return pretty({
    description: s.description,
    base: s.base,
    environments: Object.fromEntries(
      s.variants.map(({ environmentId, ...rest }) => [name(environmentId), rest]),
    ),
    members: s.members,
  });
}

const cache = new Map<string, Promise<VersionDetail>>();
function loadVersion(projectId: string, name: string, v: number) {
  const key = `${projectId}/${name}@${v}`;
  let found = cache.get(key);
  if (!found) {
    found = configs.version(projectId, name, v);
    found.catch(() => cache.delete(key));
    cache.set(key, found);
  }
  return found;
}

export function VersionDiff(
  { projectId, name, left, right, environments }: {
    projectId: string;
    name: string;
    left: number;
    right: number;
    environments: Environment[];
  },
) {
  const pair = useData(
    () => Promise.all([loadVersion(projectId, name, left), loadVersion(projectId, name, right)]),
    [projectId, name, left, right],
  );
  if (pair.error) return <ErrorBox error={pair.error} title="Cannot load these versions." />;
  if (!pair.data) return <Loading />;
  const summary = left === right
    ? []
    : changeSummary(pair.data[0].state, pair.data[1].state, environments);
  return (
    <div class="stack">
      {summary.length > 0 && (
        <ul class="change-summary" aria-label={`What changed from version ${left} to ${right}`}>
          {summary.map((line) => <li key={line}>{line}</li>)}
        </ul>
      )}
      <DiffView
        before={readable(pair.data[0], environments)}
        after={readable(pair.data[1], environments)}
        leftTitle={`v${left}`}
        rightTitle={`v${right}`}
        label={`Differences between version ${left} and version ${right}`}
        same={left === right ? "Same version" : "No differences"}
      />
    </div>
  );
}
