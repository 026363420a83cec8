// The override builder for the base or one environment.
import { useMemo } from "preact/hooks";
import { schemaFor } from "../lib/config_model.ts";
import { propertiesIn } from "../lib/conditions.ts";
import type { EditorProps } from "./editor_props.ts";
import {
  exclusionGroups as groupApi,
  projects as projectApi,
  segments as segmentApi,
} from "../lib/endpoints.ts";
import { useData } from "../lib/use_data.ts";
import { OverrideBuilder } from "./override_builder.tsx";
import { useProject } from "./project_context.ts";
import { bodyOf, ScopeBar, UsesBase, withBody } from "./scope_bar.tsx";

export function OverridesTab(props: EditorProps) {
  const { draft, scope, setDraft, config, allConfigs, resetKey, markInvalid } = props;
  const { project } = useProject();
  const body = bodyOf(draft, scope);
  const segments = useData(() => segmentApi.list(project.id), [project.id]);
  const groups = useData(() => groupApi.list(project.id), [project.id]);
  // One read of every config's rules (the export: no sensitive configs) for property names.
  const exported = useData(() => projectApi.export(project.id), [project.id]);
  const known = useMemo(() => {
    const found = new Set<string>();
    for (const c of exported.data?.configs ?? []) {
      for (const b of [c, ...c.variants]) {
        for (const o of b.overrides) propertiesIn(o.conditions, found);
      }
    }
    for (const s of segments.data ?? []) propertiesIn(s.conditions, found);
    return [...found];
  }, [exported.data, segments.data]);
  return (
    <div class="stack">
      <ScopeBar {...props} />
      {!body
        ? <UsesBase envId={scope} setDraft={setDraft} what="value and overrides" />
        : (
          <OverrideBuilder
            key={scope}
            overrides={body.overrides}
            onChange={(overrides) =>
              setDraft((d) => withBody(d, scope, { ...bodyOf(d, scope)!, overrides }))}
            baseValue={body.value}
            schema={schemaFor(draft, scope)}
            projectId={project.id}
            configName={config.name}
            allConfigs={allConfigs}
            resetKey={resetKey}
            markInvalid={markInvalid}
            scopeKey={scope}
            segments={segments.data}
            groups={groups.data}
            knownProperties={known}
          />
        )}
    </div>
  );
}
