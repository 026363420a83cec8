// The state behind one config page: the config as loaded, a draft of its full state edited
// across tabs, and the save of that draft in one PATCH based on the version it was loaded at.
// Polls for newer versions: without local edits it follows them, with edits it keeps the
// newer one aside for the page to warn about; a save over a newer version keeps the conflict.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { toast } from "../components/toast.tsx";
import { configPlace, reportWarnings } from "../components/write_warnings.tsx";
import { ApiError } from "../lib/api.ts";
import { equalJson, toWrite } from "../lib/config_model.ts";
import { announceSave, onReturn, onSaveElsewhere } from "../lib/config_events.ts";
import { configs } from "../lib/endpoints.ts";
import type { ConfigDetail, ConfigWrite } from "../lib/types.ts";
import { useInterval } from "../lib/use_data.ts";

export type ConfigDraft = ReturnType<typeof useConfigDraft>;

export function useConfigDraft(projectId: string, name: string) {
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
  /** Why this change: sent with the save, kept on the version it makes. */
  const [comment, setComment] = useState("");
  /** The change request a save into an environment that requires approval opened. */
  const [submitted, setSubmitted] = useState<string | null>(null);

  const dirty = !!config && !!draft && (invalid.size > 0 || !equalJson(draft, toWrite(config)));
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;

  const adopt = useCallback((c: ConfigDetail) => {
    setConfig(c);
    setDraftState(toWrite(c));
    setResetKey((k) => k + 1);
    setInvalid(new Set());
    setNewer(null);
    setConflict(null);
    setSaveError(null);
    setComment("");
  }, []);

  const load = useCallback(async () => {
    try {
      adopt(await configs.get(projectId, name));
    } catch (error) {
      setLoadError(error);
    }
  }, [projectId, name]);
  useEffect(() => {
    void load();
  }, [load]);
  const reloadUnlessDirty = () => {
    if (!dirtyRef.current) void load();
  };

  // Someone else's save: follow it when there is nothing to lose, else say so. Checked every
  // few seconds, at once when another tab of this browser saves it, and on coming back to
  // this tab (hidden tabs do not poll).
  const checkLatest = async () => {
    if (!config || saving) return;
    try {
      const latest = await configs.get(projectId, name);
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
      if (saved.projectId === projectId && saved.name === name) void checkRef.current();
    });
    const offReturn = onReturn(() => void checkRef.current());
    return () => {
      offSave();
      offReturn();
    };
  }, [projectId, name]);

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
      const why = comment.trim();
      const { warnings, ...saved } = await configs.update(projectId, name, {
        ...draft,
        baseVersion,
        ...(why ? { comment: why } : {}),
      });
      adopt(saved);
      announceSave({ projectId, name, version: saved.version });
      toast(`Saved version ${saved.version}`);
      reportWarnings(configPlace(projectId, name), "Saved", warnings);
    } catch (error) {
      if (error instanceof ApiError && error.code === "approval_required") {
        // Nothing was written: the edit waits in a change request, so the draft starts over.
        setSubmitted(String(error.details.changeRequestId ?? ""));
        if (config) adopt(config);
        toast("Submitted for review");
      } else if (error instanceof ApiError && error.isConflict) {
        setConflict(error);
        try {
          setNewer(await configs.get(projectId, name));
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

  return {
    config,
    draft,
    setDraft,
    resetKey,
    invalid,
    markInvalid,
    loadError,
    newer,
    gone,
    conflict,
    saveError,
    saving,
    comment,
    setComment,
    submitted,
    dirty,
    adopt,
    load,
    reloadUnlessDirty,
    save,
    discard,
  };
}
