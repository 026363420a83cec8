// One config: a draft of its full state edited across tabs, saved in one PUT based on the
// version it was loaded at. Polls for newer versions: without local edits it follows them,
// with edits it warns; a save over a newer version shows who won and what to do next.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { CopyType } from "../components/copy_type.tsx";
import { EvaluationCounts } from "../components/evaluation_counts.tsx";
import { isMissing, NotFound } from "../components/not_found.tsx";
import { toast } from "../components/toast.tsx";
import { configPlace, reportWarnings, WriteWarnings } from "../components/write_warnings.tsx";
import {
  Button,
  ErrorBox,
  Link,
  Loading,
  Notice,
  onTablistKeyDown,
  PageHeader,
} from "../components/ui.tsx";
import { ApiError } from "../lib/api.ts";
import { equalJson, type Scope, toWrite } from "../lib/config_model.ts";
import { announceSave, onReturn, onSaveElsewhere } from "../lib/config_events.ts";
import { configs, projects } from "../lib/endpoints.ts";
import { ago } from "../lib/format.ts";
import { navigate, setQuery, useLeaveGuard, useLocation } from "../lib/router.ts";
import type { ConfigDetail, ConfigWrite } from "../lib/types.ts";
import { useData, useInterval } from "../lib/use_data.ts";
import { ConfigEnvironments } from "./config_envs_tab.tsx";
import { ConfigHistory } from "./config_history.tsx";
import { ConfigSchemaTab } from "./config_schema_tab.tsx";
import { ConfigSettings } from "./config_settings.tsx";
import { ConfigValueTab } from "./config_value_tab.tsx";
import type { EditorProps } from "./editor_props.ts";
import { OverridesTab } from "./overrides_tab.tsx";
import { OverrideTester } from "./override_tester.tsx";
import { KillSwitchBanner, KillSwitchButton, useKillSwitches } from "./kill_switch.tsx";
import { RoleNotice } from "./role_notice.tsx";
import { ScheduleButton, UpcomingNotice } from "./schedule_dialog.tsx";
import { useProject } from "./project_context.ts";
import { SubmittedNotice } from "./change_requests.tsx";

const TABS = [
  ["value", "Value"],
  ["overrides", "Overrides"],
  ["schema", "Schema"],
  ["environments", "Environments"],
  ["test", "Test"],
  ["history", "History"],
  ["settings", "Settings"],
] as const;

export function ConfigPage({ name, tab }: { name: string; tab: string }) {
  const { project, base, environments, envId } = useProject();
  const { query } = useLocation();
  const [config, setConfig] = useState<ConfigDetail | null>(null);
  const [draft, setDraftState] = useState<ConfigWrite | null>(null);
  const [resetKey, setResetKey] = useState(0);
  const [invalid, setInvalid] = useState<Set<string>>(new Set());
  const [loadError, setLoadError] = useState<unknown>(null);
  const [newer, setNewer] = useState<ConfigDetail | null>(null);
  const [gone, setGone] = useState(false);
  const [conflict, setConflict] = useState<ApiError | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  /** The change request a save into an environment that requires approval opened. */
  const [submitted, setSubmitted] = useState<string | null>(null);
  const all = useData(() => configs.list(project.id), [project.id]);
  const perms = useData(() => projects.permissions(project.id, name), [project.id, name]);
  const kills = useKillSwitches(project.id);
  const killed = kills.data?.find((k) => k.configName === name);
  const mayKill = perms.data?.actions["config.kill_switch"] !== false;
  const afterKill = () => {
    void kills.reload();
    if (!dirtyRef.current) void load();
  };
  const asked = query.get("scope");
  const unknownScope = asked !== null && asked !== "base" &&
    !environments.some((e) => e.id === asked);
  const scope: Scope = (!unknownScope && asked) ||
    (envId && config?.variants.some((v) => v.environmentId === envId) ? envId : "base");
  const setScope = (s: Scope) => setQuery({ scope: s });

  const dirty = !!config && !!draft && (invalid.size > 0 || !equalJson(draft, toWrite(config)));
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  useLeaveGuard(dirty, "You have unsaved changes to this config. Leave and discard them?");

  const adopt = useCallback((c: ConfigDetail) => {
    setConfig(c);
    setDraftState(toWrite(c));
    setResetKey((k) => k + 1);
    setInvalid(new Set());
    setNewer(null);
    setConflict(null);
    setSaveError(null);
  }, []);

  const load = useCallback(async () => {
    try {
      adopt(await configs.get(project.id, name));
    } catch (error) {
      setLoadError(error);
    }
  }, [project.id, name]);
  useEffect(() => {
    void load();
  }, [load]);

  // Someone else's save: follow it when there is nothing to lose, else say so. Checked every
  // few seconds, at once when another tab of this browser saves it, and on coming back to
  // this tab (hidden tabs do not poll).
  const checkLatest = async () => {
    if (!config || saving) return;
    try {
      const latest = await configs.get(project.id, name);
      setGone(false);
      if (latest.version === config.version) return;
      if (!dirtyRef.current) {
        adopt(latest);
        toast(`Updated to version ${latest.version}: someone else saved a change`, "info");
      } else if (latest.version !== newer?.version) setNewer(latest);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setGone(true);
    }
  };
  const checkRef = useRef(checkLatest);
  checkRef.current = checkLatest;
  useInterval(() => void checkRef.current(), 3000, !!config);
  useEffect(() => {
    const offSave = onSaveElsewhere((saved) => {
      if (saved.projectId === project.id && saved.name === name) void checkRef.current();
    });
    const offReturn = onReturn(() => void checkRef.current());
    return () => {
      offSave();
      offReturn();
    };
  }, [project.id, name]);

  const setDraft = (update: (d: ConfigWrite) => ConfigWrite) =>
    setDraftState((d) => (d ? update(d) : d));
  const markInvalid = useCallback((key: string, bad: boolean) => {
    setInvalid((set) => {
      if (set.has(key) === bad) return set;
      const next = new Set(set);
      if (bad) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);

  const save = async (baseVersion: number) => {
    if (!draft || invalid.size > 0) return;
    setSaving(true);
    setSaveError(null);
    setConflict(null);
    setSubmitted(null);
    try {
      const { warnings, ...saved } = await configs.update(project.id, name, {
        ...draft,
        baseVersion,
      });
      adopt(saved);
      announceSave({ projectId: project.id, name, version: saved.version });
      toast(`Saved version ${saved.version}`);
      reportWarnings(configPlace(project.id, name), "Saved", warnings);
    } catch (error) {
      if (error instanceof ApiError && error.code === "approval_required") {
        // Nothing was written: the edit waits in a change request, so the draft starts over.
        setSubmitted(String(error.details.changeRequestId ?? ""));
        if (config) adopt(config);
        toast("Submitted for review");
      } else if (error instanceof ApiError && error.isConflict) {
        setConflict(error);
        try {
          setNewer(await configs.get(project.id, name));
        } catch { /* the banner still explains */ }
      } else setSaveError(error);
    } finally {
      setSaving(false);
    }
  };
  const discard = () => {
    if (config) adopt(config);
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === "s" && dirtyRef.current && config) {
        e.preventDefault();
        void save(config.version);
      }
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  });

  const tabUrl = (t: string) =>
    `${base}/configs/${encodeURIComponent(name)}${t === "value" ? "" : `/${t}`}${location.search}`;
  if (loadError && !config && isMissing(loadError)) {
    return (
      <NotFound back={base} backLabel="Back to the configs">
        There is no config named <code>{name}</code> in this project, or it was deleted.
      </NotFound>
    );
  }
  if (!TABS.some(([id]) => id === tab)) {
    return <NotFound back={tabUrl("value")} backLabel={`Back to ${name}`} />;
  }
  if (loadError && !config) {
    return (
      <>
        <ErrorBox error={loadError} title={`Cannot open config "${name}".`} />
        <Link href={base}>Back to the configs</Link>
      </>
    );
  }
  if (!config || !draft) return <Loading />;
  const props: EditorProps = {
    config,
    draft,
    setDraft,
    scope,
    setScope,
    resetKey,
    markInvalid,
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
      {submitted !== null && <SubmittedNotice id={submitted} />}
      {unknownScope && (
        <Notice kind="warn">
          This address names an environment that is not in this project (it may have been deleted),
          so the editor shows the {scope === "base" ? "base" : "chosen environment"}.
        </Notice>
      )}
      {gone && (
        <Notice kind="warn">
          This config was deleted by someone else. <Link href={base}>Back to the configs</Link>
        </Notice>
      )}
      {newer && (
        <div class="alert alert-warn" role="alert">
          <strong>{conflict ? "Not saved: " : ""}Someone else saved version {newer.version}</strong>
          {" "}
          while you were editing version {config.version}.{" "}
          {conflict
            ? `The server said: "${conflict.message}". `
            : "Your changes are not saved yet. "}
          <div class="alert-actions">
            <Button small onClick={() => adopt(newer)}>
              Discard mine, load version {newer.version}
            </Button>
            <Button small variant="danger" busy={saving} onClick={() => save(newer.version)}>
              Save mine over version {newer.version}
            </Button>
          </div>
        </div>
      )}
      <div class="tabs" role="tablist" aria-label="Config sections" onKeyDown={onTablistKeyDown}>
        {TABS.map(([id, label]) => (
          <a
            key={id}
            role="tab"
            href={tabUrl(id)}
            aria-selected={tab === id}
            tabIndex={tab === id ? 0 : -1}
            class={`tab ${tab === id ? "active" : ""}`}
            onClick={(e) => {
              e.preventDefault();
              navigate(tabUrl(id), { force: true });
            }}
          >
            {label}
          </a>
        ))}
      </div>
      {perms.data && <RoleNotice tab={tab} actions={perms.data.actions} rank={perms.data.rank} />}
      <section role="tabpanel" class="tab-panel">
        {tab === "value" && <ConfigValueTab {...props} />}
        {tab === "overrides" && <OverridesTab {...props} />}
        {tab === "schema" && <ConfigSchemaTab {...props} />}
        {tab === "environments" && <ConfigEnvironments {...props} />}
        {tab === "test" && (
          <OverrideTester config={config} environments={environments} dirty={dirty} />
        )}
        {tab === "history" && <ConfigHistory config={config} onRestored={load} dirty={dirty} />}
        {tab === "settings" && <ConfigSettings {...props} />}
      </section>
      {dirty && (
        <div class="savebar" role="region" aria-label="Unsaved changes">
          <span>
            {newer
              ? `Version ${newer.version} is newer than yours: choose above how to go on.`
              : invalid.size > 0
              ? `Fix the JSON errors before saving (${invalid.size} editor${
                invalid.size > 1 ? "s" : ""
              }).`
              : "You have unsaved changes."}
          </span>
          <ErrorBox error={saveError} title="Not saved." />
          <div class="savebar-actions">
            <Button onClick={discard} disabled={saving}>Discard</Button>
            {!newer && (
              <ScheduleButton
                projectId={project.id}
                name={name}
                draft={draft}
                disabled={saving || invalid.size > 0}
                onDone={discard}
              />
            )}
            {!newer && (
              <Button
                variant="primary"
                busy={saving}
                disabled={invalid.size > 0}
                onClick={() => save(config.version)}
              >
                Save version {config.version + 1}
              </Button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
