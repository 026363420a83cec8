// One config: its header, notices and tabs over a draft of its full state (config_draft.ts),
// with the save bar (config_save_bar.tsx) while the draft has unsaved edits.
import { CopyType } from "../components/copy_type.tsx";
import { EvaluationCounts } from "../components/evaluation_counts.tsx";
import { isMissing, NotFound } from "../components/not_found.tsx";
import { configPlace, WriteWarnings } from "../components/write_warnings.tsx";
import { ErrorBox, Link, Loading, Notice, PageHeader } from "../components/ui.tsx";
import type { Scope } from "../lib/config_model.ts";
import { configs, projects } from "../lib/endpoints.ts";
import { ago } from "../lib/format.ts";
import { setQuery, useLeaveGuard, useLocation } from "../lib/router.ts";
import { useData } from "../lib/use_data.ts";
import { useConfigDraft } from "./config_draft.ts";
import { ConfigEnvironments } from "./config_envs_tab.tsx";
import { ConfigHistory } from "./config_history.tsx";
import { NewerVersionAlert } from "./config_newer_alert.tsx";
import { ConfigSaveBar } from "./config_save_bar.tsx";
import { ConfigSchemaTab } from "./config_schema_tab.tsx";
import { ConfigSettings } from "./config_settings.tsx";
import { ConfigTabs, isConfigTab } from "./config_tabs.tsx";
import { ConfigValueTab } from "./config_value_tab.tsx";
import type { EditorProps } from "./editor_props.ts";
import { OverridesTab } from "./overrides_tab.tsx";
import { OverrideTester } from "./override_tester.tsx";
import { KillSwitchBanner, KillSwitchButton, useKillSwitches } from "./kill_switch.tsx";
import { RoleNotice } from "./role_notice.tsx";
import { UpcomingNotice } from "./schedule_dialog.tsx";
import { useProject } from "./project_context.ts";
import { SubmittedNotice } from "./change_requests.tsx";

export function ConfigPage({ name, tab }: { name: string; tab: string }) {
  const { project, base, environments, envId } = useProject();
  const { query } = useLocation();
  const state = useConfigDraft(project.id, name);
  const { config, draft, dirty } = state;
  const all = useData(() => configs.list(project.id), [project.id]);
  const perms = useData(() => projects.permissions(project.id, name), [project.id, name]);
  const kills = useKillSwitches(project.id);
  const killed = kills.data?.find((k) => k.configName === name);
  const mayKill = perms.data?.actions["config.kill_switch"] !== false;
  const afterKill = () => {
    void kills.reload();
    state.reloadUnlessDirty();
  };
  const asked = query.get("scope");
  const unknownScope = asked !== null && asked !== "base" &&
    !environments.some((e) => e.id === asked);
  const scope: Scope = (!unknownScope && asked) ||
    (envId && config?.variants.some((v) => v.environmentId === envId) ? envId : "base");
  const setScope = (s: Scope) => setQuery({ scope: s });
  useLeaveGuard(dirty, "You have unsaved changes to this config. Leave and discard them?");

  const tabUrl = (t: string) =>
    `${base}/configs/${encodeURIComponent(name)}${t === "value" ? "" : `/${t}`}${location.search}`;
  if (state.loadError && !config && isMissing(state.loadError)) {
    return (
      <NotFound back={base} backLabel="Back to the configs">
        There is no config named <code>{name}</code> in this project, or it was deleted.
      </NotFound>
    );
  }
  if (!isConfigTab(tab)) {
    return <NotFound back={tabUrl("value")} backLabel={`Back to ${name}`} />;
  }
  if (state.loadError && !config) {
    return (
      <>
        <ErrorBox error={state.loadError} title={`Cannot open config "${name}".`} />
        <Link href={base}>Back to the configs</Link>
      </>
    );
  }
  if (!config || !draft) return <Loading />;
  const props: EditorProps = {
    config,
    draft,
    setDraft: state.setDraft,
    scope,
    setScope,
    resetKey: state.resetKey,
    markInvalid: state.markInvalid,
    allConfigs: all.data,
  };
  return (
    <div>
      <nav class="crumbs" aria-label="Breadcrumb">
        <Link href={base}>Configs</Link> <span aria-hidden="true">/</span> <span>{name}</span>
      </nav>
      <PageHeader
        title={<span class="mono">{name}</span>}
        actions={
          <>
            <CopyType config={config} />
            {!killed && (
              <KillSwitchButton
                projectId={project.id}
                config={config}
                environments={environments}
                may={mayKill}
                onDone={afterKill}
              />
            )}
          </>
        }
        subtitle={
          <>
            {config.description || "No description"} · version {config.version} · updated{" "}
            {ago(config.updatedAt)}
          </>
        }
      />
      <EvaluationCounts projectId={project.id} name={name} />
      <WriteWarnings where={configPlace(project.id, name)} />
      {killed && (
        <KillSwitchBanner
          projectId={project.id}
          killSwitch={killed}
          environments={environments}
          mayUndo={mayKill}
          onDone={afterKill}
        />
      )}
      <UpcomingNotice projectId={project.id} name={name} href={`${base}/schedules`} />
      {state.submitted !== null && <SubmittedNotice id={state.submitted} />}
      {unknownScope && (
        <Notice kind="warn">
          This address names an environment that is not in this project (it may have been deleted),
          so the editor shows the {scope === "base" ? "base" : "chosen environment"}.
        </Notice>
      )}
      {state.gone && (
        <Notice kind="warn">
          This config was deleted by someone else. <Link href={base}>Back to the configs</Link>
        </Notice>
      )}
      <NewerVersionAlert state={state} />
      <ConfigTabs tab={tab} tabUrl={tabUrl} />
      {perms.data && <RoleNotice tab={tab} actions={perms.data.actions} rank={perms.data.rank} />}
      <section role="tabpanel" class="tab-panel">
        {tab === "value" && <ConfigValueTab {...props} />}
        {tab === "overrides" && <OverridesTab {...props} />}
        {tab === "schema" && <ConfigSchemaTab {...props} />}
        {tab === "environments" && <ConfigEnvironments {...props} />}
        {tab === "test" && (
          <OverrideTester config={config} environments={environments} dirty={dirty} />
        )}
        {tab === "history" && (
          <ConfigHistory config={config} onRestored={state.load} dirty={dirty} />
        )}
        {tab === "settings" && <ConfigSettings {...props} />}
      </section>
      {dirty && <ConfigSaveBar projectId={project.id} name={name} state={state} />}
    </div>
  );
}
