// A condition value taken from another config of the project: pick the config, then click
// the part of its value to use (the path). Resolved per environment by the server. A
// reference to a name no config has (deleted, or not created yet) is kept and flagged.
import { useEffect, useId, useState } from "preact/hooks";
import { Icon } from "../components/icons.tsx";
import { ApiError } from "../lib/api.ts";
import { configs } from "../lib/endpoints.ts";
import { isDangling } from "../lib/references.ts";
import { preview } from "../lib/format.ts";
import type { ConfigSummary, Json } from "../lib/types.ts";

type Ref = { type: "reference"; projectId: string; configName: string; path: (string | number)[] };

export const pathText = (path: (string | number)[]) =>
  path.length === 0
    ? "the whole value"
    : path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("").replace(/^\./, "");

export function ReferencePicker(
  { value, onChange, projectId, allConfigs, exclude }: {
    value: Ref;
    onChange: (value: Ref) => void;
    projectId: string;
    allConfigs: ConfigSummary[] | undefined;
    exclude: string;
  },
) {
  const [target, setTarget] = useState<Json | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [notFound, setNotFound] = useState(false);
  const noticeId = useId();
  const missingFromList = isDangling(value.configName, allConfigs, exclude);
  const dangling = missingFromList || notFound;
  useEffect(() => {
    setTarget(undefined);
    setError(null);
    setNotFound(false);
    if (!value.configName || missingFromList) return;
    configs.get(projectId, value.configName).then(
      (c) => setTarget(c.base.value),
      (e) => {
        if (e instanceof ApiError && e.code === "not_found") setNotFound(true);
        else setError(e instanceof Error ? e.message : String(e));
      },
    );
  }, [projectId, value.configName, missingFromList]);
  const choices = (allConfigs ?? []).filter((c) => c.name !== exclude);
  const unlisted = value.configName && !choices.some((c) => c.name === value.configName);
  const suffix = value.configName === exclude ? " (this config)" : dangling ? " (missing)" : "";
  return (
    <div class="reference">
      <select
        aria-label="Referenced config"
        aria-describedby={dangling ? noticeId : undefined}
        value={value.configName}
        onChange={(e) =>
          onChange({
            ...value,
            projectId,
            configName: (e.target as HTMLSelectElement).value,
            path: [],
          })}
      >
        <option value="">choose a config…</option>
        {unlisted && <option value={value.configName}>{value.configName + suffix}</option>}
        {choices.map((c) => <option key={c.id} value={c.name}>{c.name}</option>)}
      </select>
      {value.configName && (
        <div class="path-picker">
          {dangling && (
            <p class="dangling-note" id={noticeId}>
              <Icon name="warn" />
              <span>
                No config named <code>{value.configName}</code>{" "}
                exists in this project. The reference is kept; the condition will not match until a
                config of that name exists.
              </span>
            </p>
          )}
          <div class="small">
            Path: <code>{pathText(value.path)}</code>
            {error && <span class="field-error">{error}</span>}
          </div>
          {target !== undefined && (
            <div class="tree" role="tree" aria-label={`Parts of ${value.configName}`}>
              <TreeNode
                label={value.configName}
                node={target}
                path={[]}
                selected={value.path}
                pick={(path) =>
                  onChange({ ...value, path })}
              />
            </div>
          )}
          {!dangling && (
            <p class="muted small">
              Shows the base value; each environment resolves the reference against its own value.
            </p>
          )}
        </div>
      )}
    </div>
  );
}

function TreeNode(
  { label, node, path, selected, pick }: {
    label: string;
    node: Json;
    path: (string | number)[];
    selected: (string | number)[];
    pick: (path: (string | number)[]) => void;
  },
) {
  const isSelected = JSON.stringify(path) === JSON.stringify(selected);
  const children: [string | number, Json][] = Array.isArray(node)
    ? node.slice(0, 50).map((v, i) => [i, v])
    : node && typeof node === "object"
    ? Object.entries(node).slice(0, 100)
    : [];
  return (
    <div role="treeitem" aria-selected={isSelected} class="tree-node">
      <button
        type="button"
        class={`tree-label ${isSelected ? "selected" : ""}`}
        onClick={() => pick(path)}
      >
        <span class="mono">{label}</span>
        {children.length === 0 && <span class="muted">= {preview(node, 40)}</span>}
      </button>
      {children.length > 0 && path.length < 6 && (
        <div role="group" class="tree-children">
          {children.map(([key, child]) => (
            <TreeNode
              key={String(key)}
              label={typeof key === "number" ? `[${key}]` : key}
              node={child}
              path={[...path, key]}
              selected={selected}
              pick={pick}
            />
          ))}
        </div>
      )}
    </div>
  );
}
