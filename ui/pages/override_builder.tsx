// The ordered overrides of one body: first match wins. Cards can be reordered by dragging
// the handle, or with the keyboard (focus the handle, then arrow up / down).
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { Button, EmptyState, IconButton, NameList, Notice } from "../components/ui.tsx";
import { Icon } from "../components/icons.tsx";
import { ValueInput } from "../components/value_input.tsx";
import {
  hasReference,
  move,
  newOverride,
  newRollout,
  propertiesIn,
  rolloutName,
} from "../lib/conditions.ts";
import { danglingNames } from "../lib/references.ts";
import type { ConfigSummary, Json, Override } from "../lib/types.ts";
import { ConditionList } from "./condition_editor.tsx";
import { type GroupChoice, newSplit, SplitEditor } from "./split_editor.tsx";
import type { SegmentChoice } from "./targeting_condition.tsx";

let nextId = 1;
const COMMON_PROPERTIES = ["userId", "email", "country", "plan", "orgId", "appVersion", "platform"];

export function OverrideBuilder(
  {
    overrides,
    onChange,
    baseValue,
    schema,
    projectId,
    configName,
    allConfigs,
    resetKey,
    markInvalid,
    scopeKey,
    segments,
    groups,
    knownProperties = [],
  }: {
    overrides: Override[];
    onChange: (overrides: Override[]) => void;
    baseValue: Json;
    schema: Json | null;
    projectId: string;
    configName: string;
    allConfigs: ConfigSummary[] | undefined;
    resetKey: number;
    markInvalid: (key: string, invalid: boolean) => void;
    scopeKey: string;
    /** The project's segments and exclusion groups, or undefined while they load. */
    segments?: SegmentChoice[];
    groups?: GroupChoice[];
    /** Properties used elsewhere in the project (other configs' overrides, segments). */
    knownProperties?: string[];
  },
) {
  const ids = useRef<{ reset: number; list: number[] }>({ reset: -1, list: [] });
  if (ids.current.reset !== resetKey || ids.current.list.length !== overrides.length) {
    ids.current = { reset: resetKey, list: overrides.map(() => nextId++) };
  }
  const [focusId, setFocusId] = useState<number | null>(null);
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dragOver, setDragOver] = useState<number | null>(null);
  const [announce, setAnnounce] = useState("");
  const propertiesId = useId();
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (focusId === null) return;
    listRef.current?.querySelector<HTMLElement>(`[data-handle="${focusId}"]`)?.focus();
    setFocusId(null);
  }, [focusId]);

  const change = (next: Override[], nextIds: number[]) => {
    ids.current = { reset: resetKey, list: nextIds };
    onChange(next);
  };
  const reorder = (from: number, to: number) => {
    if (to < 0 || to >= overrides.length || from === to) return;
    const id = ids.current.list[from]!;
    change(move(overrides, from, to), move(ids.current.list, from, to));
    setFocusId(id);
    setAnnounce(`Moved "${overrides[from]!.name}" to position ${to + 1} of ${overrides.length}`);
  };
  const remove = (i: number) => {
    markInvalid(`${scopeKey}:override:${ids.current.list[i]}`, false);
    change(overrides.filter((_, j) => j !== i), ids.current.list.filter((_, j) => j !== i));
  };
  const add = (o: Override) => change([...overrides, o], [...ids.current.list, nextId++]);
  const update = (i: number, o: Override) => {
    // A generated name follows the range; once the user renames it, it is theirs.
    const before = overrides[i]!;
    const generated = before.name === rolloutName(before) && o.name === before.name;
    const next = generated ? { ...o, name: rolloutName(o) ?? o.name } : o;
    change(overrides.map((x, j) => (j === i ? next : x)), ids.current.list);
  };
  // This config's own properties first, then the project's, then common names.
  const properties = [
    ...new Set([
      ...propertiesIn(overrides.flatMap((o) => o.conditions)),
      ...knownProperties,
      ...COMMON_PROPERTIES,
    ]),
  ];
  const usesReference = overrides.some((o) => hasReference(o.conditions));
  const [advancedOn, setAdvanced] = useState(usesReference);
  const advanced = advancedOn || usesReference;
  const env = { projectId, configName, allConfigs, propertiesId, segments, advanced };
  const dangling = danglingNames(overrides, allConfigs, configName);

  return (
    <div class="overrides">
      <datalist id={propertiesId}>{properties.map((p) => <option key={p} value={p} />)}</datalist>
      <div class="sr-only" aria-live="polite">{announce}</div>
      {dangling.length > 0 && (
        <Notice kind="warn">
          <strong>
            No {dangling.length === 1 ? "config" : "configs"} named <NameList names={dangling} />
            {" "}
            {dangling.length === 1 ? "exists" : "exist"} in this project.
          </strong>{" "}
          Saving keeps the references; their conditions will not match until a config of that name
          exists.
        </Notice>
      )}
      {overrides.length === 0
        ? (
          <EmptyState title="No overrides" icon="flag">
            Every context gets the value. Add an override to serve something else to some users: by
            a property such as country or plan, or to a stable percentage of users.
          </EmptyState>
        )
        : (
          <p class="muted small">
            Checked from top to bottom; the first override whose conditions all match wins. Drag a
            card by its handle, or focus the handle and press ↑ / ↓.
          </p>
        )}
      <ol class="override-list" ref={listRef}>
        {overrides.map((o, i) => {
          const id = ids.current.list[i]!;
          const editorKey = `${scopeKey}:override:${id}`;
          return (
            <li
              key={id}
              class={`override card ${
                dragOver === i && dragFrom !== null && dragFrom !== i ? "drop-target" : ""
              } ${dragFrom === i ? "dragging" : ""}`}
              onDragOver={(e) => {
                if (dragFrom === null) return;
                e.preventDefault();
                setDragOver(i);
              }}
              onDrop={(e) => {
                e.preventDefault();
                if (dragFrom !== null) reorder(dragFrom, i);
                setDragFrom(null);
                setDragOver(null);
              }}
            >
              <div class="override-head">
                <button
                  type="button"
                  class="handle"
                  data-handle={id}
                  draggable
                  aria-label={`Reorder "${o.name}", position ${
                    i + 1
                  } of ${overrides.length}. Use the arrow keys.`}
                  title="Drag, or press ↑ / ↓"
                  onDragStart={(e) => {
                    setDragFrom(i);
                    e.dataTransfer?.setData("text/plain", String(i));
                    if (e.dataTransfer) e.dataTransfer.effectAllowed = "move";
                  }}
                  onDragEnd={() => {
                    setDragFrom(null);
                    setDragOver(null);
                  }}
                  onKeyDown={(e) => {
                    if (e.key === "ArrowUp" || e.key === "ArrowDown") {
                      e.preventDefault();
                      reorder(i, e.key === "ArrowUp" ? i - 1 : i + 1);
                    }
                  }}
                >
                  <Icon name="grip" />
                </button>
                <span class="order">#{i + 1}</span>
                <input
                  class="override-name"
                  aria-label={`Name of override ${i + 1}`}
                  value={o.name}
                  onInput={(e) => update(i, { ...o, name: (e.target as HTMLInputElement).value })}
                />
                <IconButton
                  icon="up"
                  label="Move up"
                  disabled={i === 0}
                  onClick={() => reorder(i, i - 1)}
                />
                <IconButton
                  icon="down"
                  label="Move down"
                  disabled={i === overrides.length - 1}
                  onClick={() => reorder(i, i + 1)}
                />
                <IconButton
                  icon="trash"
                  label={`Delete override "${o.name}"`}
                  onClick={() => remove(i)}
                />
              </div>
              <div class="override-body">
                <div class="override-when">
                  <h4>When all of these match</h4>
                  <ConditionList
                    conditions={o.conditions}
                    env={env}
                    depth={1}
                    label="and"
                    onChange={(conditions) => update(i, { ...o, conditions })}
                  />
                </div>
                <div class="override-then">
                  <h4>Serve</h4>
                  {"split" in o
                    ? (
                      <SplitEditor
                        key={`${editorKey}:${resetKey}`}
                        override={o}
                        schema={schema}
                        editorKey={editorKey}
                        markInvalid={markInvalid}
                        groups={groups}
                        onChange={(next) => update(i, next)}
                      />
                    )
                    : (
                      <ValueInput
                        key={`${editorKey}:${resetKey}`}
                        label={`Value of override "${o.name}"`}
                        value={o.value}
                        schema={schema}
                        typeOf={baseValue}
                        rows={4}
                        onValidity={(valid) => markInvalid(editorKey, !valid)}
                        onValue={(value) => update(i, { ...o, value })}
                      />
                    )}
                </div>
              </div>
            </li>
          );
        })}
      </ol>
      <label
        class="check small"
        title={usesReference ? "A condition compares with a config's value" : undefined}
      >
        <input
          type="checkbox"
          checked={advanced}
          disabled={usesReference}
          onChange={(e) => setAdvanced((e.target as HTMLInputElement).checked)}
        />
        Advanced: compare a property with another config's value
      </label>
      <div class="row">
        <Button icon="plus" onClick={() => add(newOverride(overrides.length, baseValue))}>
          Add override
        </Button>
        <Button
          icon="plus"
          onClick={() =>
            add(newRollout(10, typeof baseValue === "boolean" ? !baseValue : baseValue))}
        >
          Add percentage rollout
        </Button>
        <Button icon="plus" onClick={() => add(newSplit(overrides.length, baseValue))}>
          Add weighted variants (A/B/n)
        </Button>
      </div>
    </div>
  );
}
