// The project's configs as a grid by environment (flag_grid.tsx): search, filters (tag among
// them), and "New config". Refreshes every few seconds so edits by others show up.
import { useMemo, useState } from "preact/hooks";
import { AsyncTable } from "../components/async_table.tsx";
import { Button, EmptyState, PageHeader } from "../components/ui.tsx";
import { useDetails } from "../lib/config_details.ts";
import { effective, kindOf } from "../lib/config_model.ts";
import { approvalRules, configs, projects } from "../lib/endpoints.ts";
import { setQuery, useLocation } from "../lib/router.ts";
import { useData, useInterval } from "../lib/use_data.ts";
import { type GridContext, GridHead, GridRow, useStaleness } from "./flag_grid.tsx";
import { NewConfigDialog } from "./new_config.tsx";
import { Onboarding } from "./onboarding.tsx";
import { useKillSwitches } from "./kill_switch.tsx";
import { useProject } from "./project_context.ts";

export function ConfigList() {
  const { project, base, envId, environments } = useProject();
  const { query } = useLocation();
  const list = useData(() => configs.list(project.id), [project.id]);
  useInterval(() => void list.reload(), 5000);
  const detail = useDetails(project.id, list.data);
  const kills = useKillSwitches(project.id);
  const [creating, setCreating] = useState(false);
  const search = query.get("q") ?? "";
  const type = query.get("type") ?? "";
  const only = query.get("only") ?? "";
  const tag = query.get("tag") ?? "";
  const sort = query.get("sort") ?? "name";
  const env = environments.find((e) => e.id === envId);

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const out = (list.data ?? []).filter((c) => {
      if (needle && !`${c.name} ${c.description}`.toLowerCase().includes(needle)) return false;
      if (tag && !c.tags.includes(tag)) return false;
      const d = detail(c);
      if ((type || only) && !d) return false;
      if (!d) return true;
      const { body, variant } = effective(d, envId);
      if (type && kindOf(body.value) !== type) return false;
      if (only === "overrides" && body.overrides.length === 0) return false;
      if (only === "variant" && !variant) return false;
      if (only === "schema" && d.base.schema === null) return false;
      return true;
    });
    return sort === "updated"
      ? out.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      : out.sort((a, b) => a.name.localeCompare(b.name));
  }, [list.data, search, type, only, tag, sort, envId, detail]);
  const allTags = useMemo(
    () => [...new Set((list.data ?? []).flatMap((c) => c.tags))].sort(),
    [list.data],
  );
  // Without the rules every switch acts as on an unprotected environment and the server
  // answers a protected one with a change request; so wait for them (an error counts as none).
  const rules = useData(() => approvalRules.list(project.id).catch(() => []), [project.id]);

  const perms = useData(() => projects.permissions(project.id), [project.id]);
  const mayCreate = perms.data?.actions["config.create"] !== false;
  const create = (
    <Button
      variant="primary"
      icon="plus"
      disabled={!mayCreate}
      title={mayCreate ? undefined : "Creating configs needs the project maintainer role"}
      onClick={() => setCreating(true)}
    >
      New config
    </Button>
  );
  const total = list.data?.length ?? 0;
  const stale = useStaleness(project.id, (list.data ?? []).map((c) => c.name));
  const grid: GridContext = {
    projectId: project.id,
    base,
    environments,
    envId,
    kills: kills.data ?? [],
    rules: new Map((rules.data ?? []).map((r) => [r.environmentId, r])),
    stale,
    onSaved: () => {
      void list.reload();
      void kills.reload();
    },
    tag,
    onTag: (t) => setQuery({ tag: t === tag ? null : t }),
  };
  return (
    <>
      <PageHeader
        title="Configs"
        subtitle={
          <>
            Values your apps read through an SDK key: what each environment serves when no override
            matches. Switch a flag on or off per environment here.
          </>
        }
        actions={create}
      />
      <Onboarding />
      {total > 0 && (
        <div class="toolbar grid-toolbar" role="search">
          <label class="search">
            <span class="sr-only">Search configs</span>
            <input
              type="search"
              placeholder="Search by name or description"
              value={search}
              onInput={(e) => setQuery({ q: (e.target as HTMLInputElement).value || null })}
            />
          </label>
          <label>
            <span class="sr-only">Value type</span>
            <select
              value={type}
              onChange={(e) => setQuery({ type: (e.target as HTMLSelectElement).value || null })}
            >
              <option value="">Any type</option>
              {["boolean", "number", "string", "object", "array"].map((t) => (
                <option key={t} value={t}>{t}</option>
              ))}
            </select>
          </label>
          {(allTags.length > 0 || tag) && (
            <label>
              <select
                aria-label="Filter by tag"
                value={tag}
                onChange={(e) => setQuery({ tag: (e.target as HTMLSelectElement).value || null })}
              >
                <option value="">Any tag</option>
                {[...new Set([...allTags, ...(tag ? [tag] : [])])].map((t) => (
                  <option key={t} value={t}>#{t}</option>
                ))}
              </select>
            </label>
          )}
          <label>
            <span class="sr-only">Show only</span>
            <select
              value={only}
              onChange={(e) => setQuery({ only: (e.target as HTMLSelectElement).value || null })}
            >
              <option value="">All configs</option>
              <option value="overrides">With overrides here</option>
              <option value="variant">With a value for {env?.name ?? "this environment"}</option>
              <option value="schema">With a schema</option>
            </select>
          </label>
          <label>
            <span class="sr-only">Sort</span>
            <select
              value={sort}
              onChange={(e) => setQuery({ sort: (e.target as HTMLSelectElement).value })}
            >
              <option value="name">Sort by name</option>
              <option value="updated">Recently updated</option>
            </select>
          </label>
        </div>
      )}
      <AsyncTable
        data={list}
        shown={rows}
        empty={
          <EmptyState title="No configs yet" icon="flag" action={create}>
            A config is a named JSON value your apps read: a feature flag, a rate limit, a piece of
            text. Create one, then add an SDK key so an app can read it.
          </EmptyState>
        }
        noMatch={
          <EmptyState title="Nothing matches" icon="search">
            Change the search or the filters to see more configs.
          </EmptyState>
        }
        class="flag-grid"
        head={<GridHead environments={environments} envId={envId} />}
        row={(c) => <GridRow key={c.id} summary={c} detail={detail(c)} ctx={grid} />}
      />
      {total > 0 && <p class="muted small">{rows.length} of {total} configs</p>}
      {creating && <NewConfigDialog onClose={() => setCreating(false)} />}
    </>
  );
}
