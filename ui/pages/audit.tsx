// The audit log of a workspace (or one project): who did what, with filters by time,
// actor, project and config, newest first, "Load more" for older entries.
import { Fragment } from "preact";
import { useEffect, useState } from "preact/hooks";
import { AsyncTable } from "../components/async_table.tsx";
import { DiffView } from "../components/diff_view.tsx";
import { Button, EmptyState, Link, PageHeader } from "../components/ui.tsx";
import { projects, workspaces } from "../lib/endpoints.ts";
import { dateTime, pretty } from "../lib/format.ts";
import { setQuery, useLocation } from "../lib/router.ts";
import type { AuditEntry } from "../lib/types.ts";
import { useData } from "../lib/use_data.ts";

const PAGE = 50;
const FILTERS = ["from", "to", "actorId", "projectId", "configName"] as const;

export function AuditPage({ workspaceId, projectId }: { workspaceId: string; projectId?: string }) {
  const { query } = useLocation();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? ""])) as Record<
    typeof FILTERS[number],
    string
  >;
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<number | null>(null);
  const key = JSON.stringify(filters);
  const all = useData(() => (projectId ? Promise.resolve([]) : projects.list(workspaceId)), [
    workspaceId,
    projectId,
  ]);

  const load = async (before: string | null) => {
    setLoading(true);
    setError(null);
    try {
      const q: Record<string, string> = { ...filters, limit: String(PAGE) };
      if (projectId) delete q.projectId;
      if (q.from) q.from = new Date(q.from).toISOString();
      if (q.to) q.to = new Date(q.to).toISOString();
      if (before !== null) q.before = before;
      const page = projectId
        ? await projects.audit(projectId, q)
        : await workspaces.audit(workspaceId, q);
      setEntries((old) => (before === null ? page.entries : [...old, ...page.entries]));
      setNext(page.nextCursor);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load(null);
  }, [workspaceId, key]);

  const input = (
    name: typeof FILTERS[number],
    label: string,
    type: "text" | "datetime-local" = "text",
  ) => (
    <label class="filter">
      <span class="small">{label}</span>
      <input
        type={type as "text"}
        value={filters[name]}
        onChange={(e) => setQuery({ [name]: (e.target as HTMLInputElement).value || null })}
      />
    </label>
  );
  return (
    <>
      <PageHeader
        title="Audit log"
        subtitle={projectId
          ? (
            <>
              Every change in this project, with who made it.{" "}
              <Link href={`/w/${workspaceId}/audit`}>The whole workspace's log</Link>
            </>
          )
          : "Every change in this workspace, with who made it."}
      />
      <div class="toolbar filters" role="search">
        {input("from", "From", "datetime-local")}
        {input("to", "To", "datetime-local")}
        {input("actorId", "Actor id")}
        {!projectId && (
          <label class="filter">
            <span class="small">Project</span>
            <select
              value={filters.projectId}
              onChange={(e) =>
                setQuery({ projectId: (e.target as HTMLSelectElement).value || null })}
            >
              <option value="">All projects</option>
              {all.data?.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </label>
        )}
        {input("configName", "Config")}
        {FILTERS.some((f) => query.get(f)) && (
          <Button
            small
            variant="ghost"
            onClick={() => setQuery(Object.fromEntries(FILTERS.map((f) => [f, null])))}
          >
            Clear filters
          </Button>
        )}
      </div>
      <AsyncTable
        data={{ data: entries.length === 0 && loading ? undefined : entries, loading, error }}
        class="audit"
        empty={
          <EmptyState title="Nothing recorded" icon="history">
            No changes match these filters. Changes to configs, environments, keys and members
            appear here.
          </EmptyState>
        }
        head={
          <>
            <th>When</th>
            <th>Who</th>
            <th>What</th>
            <th>Target</th>
            <th>
              <span class="sr-only">Details</span>
            </th>
          </>
        }
        row={(e) => (
          <Fragment key={e.id}>
            <tr key={e.id}>
              <td class="small nowrap">{dateTime(e.createdAt)}</td>
              <td class="small">
                <button
                  type="button"
                  class="linkish"
                  title="Show only this actor"
                  onClick={() => e.actor.id && setQuery({ actorId: e.actor.id })}
                >
                  {e.actor.label}
                </button>
              </td>
              <td>
                <code>{e.action}</code>
                {commentOf(e) && <div class="audit-comment small">“{commentOf(e)}”</div>}
              </td>
              <td class="small">
                {e.configName
                  ? (
                    <button
                      type="button"
                      class="linkish"
                      onClick={() => setQuery({ configName: e.configName })}
                    >
                      {e.configName}
                    </button>
                  )
                  : targetLabel(e)}
              </td>
              <td>
                {(e.before !== null || e.after !== null) && (
                  <Button
                    small
                    variant="ghost"
                    aria-expanded={open === e.id}
                    onClick={() => setOpen(open === e.id ? null : e.id)}
                  >
                    {open === e.id ? "Hide" : "Details"}
                  </Button>
                )}
              </td>
            </tr>
            {open === e.id && (
              <tr key={`${e.id}-d`} class="audit-detail">
                <td colSpan={5}>
                  <DiffView
                    before={e.before === null ? "" : pretty(e.before)}
                    after={e.after === null ? "" : pretty(e.after)}
                    leftTitle={e.before === null ? "Before (nothing)" : "Before"}
                    rightTitle={e.after === null ? "After (deleted)" : "After"}
                    label={`Changes in this entry: ${e.action} by ${e.actor.label}`}
                  />
                  {e.requestId && <div class="small muted">Request {e.requestId}</div>}
                </td>
              </tr>
            )}
          </Fragment>
        )}
      />
      {next !== null && (
        <Button busy={loading} onClick={() => load(next)}>Load older entries</Button>
      )}
    </>
  );
}

/** Why a config was saved or restored, as its author wrote it (null without a comment). */
function commentOf(e: AuditEntry): string | null {
  if (e.action !== "config.update" && e.action !== "config.restore") return null;
  const after = e.after;
  return after !== null && typeof after === "object" && !Array.isArray(after) &&
      typeof after.comment === "string"
    ? after.comment
    : null;
}

/** What an entry changed, by name when its state has one (an id only as a last resort). */
function targetLabel(e: AuditEntry): string {
  const named = (v: AuditEntry["before"]) =>
    v !== null && typeof v === "object" && !Array.isArray(v) && typeof v.name === "string"
      ? v.name
      : null;
  const name = named(e.after) ?? named(e.before);
  const kind = e.targetType.replaceAll("_", " ");
  if (name) return `${kind} ${name}`;
  return `${kind}${e.targetId ? ` ${e.targetId.slice(0, 8)}` : ""}`;
}
