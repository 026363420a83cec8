// History's list of versions, newest first: number, when, who (by the audit log's label), the
// save comment and where it propagated. A click selects one.
import { PropagationSummary } from "../components/propagation_summary.tsx";
import { projects } from "../lib/endpoints.ts";
import { ago, dateTime } from "../lib/format.ts";
import type { Environment, VersionSummary } from "../lib/types.ts";
import { useData } from "../lib/use_data.ts";

/** Versions name the actor by id; the audit log knows their labels (emails, key names). */
export function useActorLabels(projectId: string, name: string, version: number) {
  const labels = useData(
    () =>
      projects.audit(projectId, { configName: name, limit: "200" }).then(
        (page) => new Map(page.entries.map((e) => [e.actor.id, e.actor.label])),
        () => new Map<string | null, string>(),
      ),
    [name, version],
  );
  return (actor: VersionSummary["actor"]) => actor ? labels.data?.get(actor.id) ?? actor.type : "";
}

export function VersionList(
  { versions, current, selected, onSelect, actorLabel, environments }: {
    /** Newest first. */
    versions: VersionSummary[];
    current: number;
    selected: number;
    onSelect: (version: number) => void;
    actorLabel: (actor: VersionSummary["actor"]) => string;
    environments: Environment[];
  },
) {
  return (
    <ol class="versions" aria-label="Versions">
      {versions.map((v) => (
        <li key={v.version} class={v.version === selected ? "selected" : ""}>
          <button
            type="button"
            class="version-btn"
            aria-pressed={v.version === selected}
            onClick={() => onSelect(v.version)}
          >
            <span class="version-top">
              <strong>v{v.version}</strong>
              {v.version === current && <span class="badge badge-good">current</span>}
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
  );
}
