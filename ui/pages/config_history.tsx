// A config's versions: who saved what and why (config_version_list.tsx), a side-by-side diff of
// any two (config_version_diff.tsx), and restore, which writes a new version with the old state
// and its own comment (config_restore_dialog.tsx).
import { useEffect, useState } from "preact/hooks";
import { AsyncList } from "../components/async_table.tsx";
import { EmptyState } from "../components/ui.tsx";
import { configs } from "../lib/endpoints.ts";
import type { ConfigDetail } from "../lib/types.ts";
import { useData } from "../lib/use_data.ts";
import { RestoreButton } from "./config_restore_dialog.tsx";
import { VersionDiff } from "./config_version_diff.tsx";
import { useActorLabels, VersionList } from "./config_version_list.tsx";
import { useProject } from "./project_context.ts";

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
  const actorLabel = useActorLabels(project.id, config.name, config.version);
  const [selected, setSelected] = useState<number>(config.version);
  const [against, setAgainst] = useState<number>(Math.max(1, config.version - 1));
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
            <VersionList
              versions={list}
              current={config.version}
              selected={selected}
              onSelect={(v) => {
                setSelected(v);
                setAgainst(Math.max(1, v - 1));
              }}
              actorLabel={actorLabel}
              environments={environments}
            />
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
                  <RestoreButton
                    projectId={project.id}
                    config={config}
                    version={selected}
                    dirty={dirty}
                    onRestored={onRestored}
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
