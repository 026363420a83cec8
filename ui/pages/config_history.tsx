// A config's versions: who saved what and why, a side-by-side diff of any two, and restore
// (which writes a new version with the old state, with its own comment).
import { useEffect, useState } from "preact/hooks";
import { ConfirmButton } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import { configPlace, reportWarnings } from "../components/write_warnings.tsx";
import { AsyncList } from "../components/async_table.tsx";
import { DiffView } from "../components/diff_view.tsx";
import { changeSummary } from "../lib/change_summary.ts";
import { EmptyState, ErrorBox, Loading, TextField } from "../components/ui.tsx";
import { LIMITS } from "../../src/domain/limits.ts";
import { configs, projects } from "../lib/endpoints.ts";
import { ago, dateTime, pretty } from "../lib/format.ts";
import type { ConfigDetail, Environment, VersionDetail, VersionSummary } from "../lib/types.ts";
import { PropagationSummary } from "../components/propagation_summary.tsx";
import { useData } from "../lib/use_data.ts";
import { useProject } from "./project_context.ts";

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

export function ConfigHistory(
  { config, onRestored, dirty }: {
    config: ConfigDetail;
    onRestored: () => Promise<void>;
    dirty: boolean;
  },
) {
  const { project, environments } = useProject();
  const versions = useData(() => configs.versions(project.id, config.name), [
    config.name,
    config.version,
  ]);
  // Versions name the actor by id; the audit log knows their labels (emails, key names).
  const labels = useData(
    () =>
      projects.audit(project.id, { configName: config.name, limit: "200" }).then(
        (page) => new Map(page.entries.map((e) => [e.actor.id, e.actor.label])),
        () => new Map<string | null, string>(),
      ),
    [config.name, config.version],
  );
  const actorLabel = (actor: VersionSummary["actor"]) =>
    actor ? labels.data?.get(actor.id) ?? actor.type : "";
  const [selected, setSelected] = useState<number>(config.version);
  const [against, setAgainst] = useState<number>(Math.max(1, config.version - 1));
  const [why, setWhy] = useState("");
  useEffect(() => {
    setSelected(config.version);
    setAgainst(Math.max(1, config.version - 1));
  }, [config.version]);

  const list = (versions.data ?? []).slice().sort((a, b) => b.version - a.version);
  return (
    <div class="history">
      <AsyncList
        data={{ ...versions, data: versions.data && list }}
        errorTitle="Cannot load the history."
        empty={
          <EmptyState title="No history yet" icon="history">
            Every save is kept as a version here.
          </EmptyState>
        }
      >
        {() => (
          <div class="history-grid">
            <ol class="versions" aria-label="Versions">
              {list.map((v) => (
                <li key={v.version} class={v.version === selected ? "selected" : ""}>
                  <button
                    type="button"
                    class="version-btn"
                    aria-pressed={v.version === selected}
                    onClick={() => {
                      setSelected(v.version);
                      setAgainst(Math.max(1, v.version - 1));
                    }}
                  >
                    <span class="version-top">
                      <strong>v{v.version}</strong>
                      {v.version === config.version && (
                        <span class="badge badge-good">
                          current
                        </span>
                      )}
                      <span class="muted small" title={dateTime(v.createdAt)}>
                        {ago(v.createdAt)}
                      </span>
                    </span>
                    <span class="small">{actorLabel(v.actor)}</span>
                    {v.comment && <span class="version-comment small">“{v.comment}”</span>}
                    <PropagationSummary items={v.propagation} environments={environments} />
                  </button>
                </li>
              ))}
            </ol>
            <div class="stack">
              <div class="row">
                <label>
                  Compare{" "}
                  <select
                    aria-label="Older version"
                    value={against}
                    onChange={(e) => setAgainst(Number((e.target as HTMLSelectElement).value))}
                  >
                    {list.map((v) => <option key={v.version} value={v.version}>v{v.version}
                    </option>)}
                  </select>
                </label>
                <span>
                  with <strong>v{selected}</strong>
                </span>
                <div class="spacer" />
                {selected !== config.version && (
                  <ConfirmButton
                    variant="primary"
                    label={`Restore v${selected}`}
                    title={`Restore version ${selected}?`}
                    message={
                      <>
                        <p>
                          This saves the state of version {selected} as a new version{" "}
                          {config.version + 1}. Nothing is lost: version {config.version}{" "}
                          stays in the history.{dirty
                            ? " Your unsaved edits on the other tabs will be discarded."
                            : ""}
                        </p>
                        <TextField
                          label="Comment"
                          placeholder="Why this change? (optional)"
                          maxLength={LIMITS.maxCommentLength}
                          value={why}
                          onValue={setWhy}
                        />
                      </>
                    }
                    confirmLabel={`Restore v${selected}`}
                    action={async () => {
                      const r = await configs.restore(
                        project.id,
                        config.name,
                        selected,
                        config.version,
                        why.trim() || undefined,
                      );
                      setWhy("");
                      toast(`Restored version ${selected} as version ${r.version}`);
                      await onRestored();
                      reportWarnings(configPlace(project.id, config.name), "Restored", r.warnings);
                    }}
                  />
                )}
              </div>
              <VersionDiff
                projectId={project.id}
                name={config.name}
                left={against}
                right={selected}
                environments={environments}
              />
            </div>
          </div>
        )}
      </AsyncList>
    </div>
  );
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

function VersionDiff(
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
