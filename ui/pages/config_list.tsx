// The project's configs: search, filters, each one's value in the chosen environment, and
// "New config". Refreshes every few seconds so edits by others show up.
import { useEffect, useMemo, useState } from "preact/hooks";
import { AsyncTable } from "../components/async_table.tsx";
import { Badge, Button, EmptyState, Link, PageHeader } from "../components/ui.tsx";
import { effective, kindOf } from "../lib/config_model.ts";
import { configs, projects } from "../lib/endpoints.ts";
import { ago, preview } from "../lib/format.ts";
import { setQuery, useLocation } from "../lib/router.ts";
import type { ConfigDetail, ConfigSummary } from "../lib/types.ts";
import { useData, useInterval } from "../lib/use_data.ts";
import { NewConfigDialog } from "./new_config.tsx";
import { Onboarding } from "./onboarding.tsx";
import { KilledBadge, useKillSwitches } from "./kill_switch.tsx";
import { useProject } from "./project_context.ts";

const details = new Map<string, ConfigDetail>();
const cacheKey = (pid: string, c: ConfigSummary) => `${pid}/${c.name}@${c.version}`;

/** Full configs for the list (values and overrides), fetched a few at a time and cached. */
function useDetails(projectId: string, list: ConfigSummary[] | undefined) {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!list) return;
    let cancelled = false;
    const missing = list.slice(0, 300).filter((c) => !details.has(cacheKey(projectId, c)));
    const worker = async () => {
      for (let c = missing.shift(); c && !cancelled; c = missing.shift()) {
        try {
          details.set(cacheKey(projectId, c), await configs.get(projectId, c.name));
          setTick((t) => t + 1);
        } catch { /* the row just shows no value */ }
      }
    };
    for (let i = 0; i < 4; i++) void worker();
    return () => {
      cancelled = true;
    };
  }, [projectId, list]);
  return (c: ConfigSummary) => details.get(cacheKey(projectId, c));
}

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
  const sort = query.get("sort") ?? "name";
  const env = environments.find((e) => e.id === envId);

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const out = (list.data ?? []).filter((c) => {
      if (needle && !`${c.name} ${c.description}`.toLowerCase().includes(needle)) return false;
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
  }, [list.data, search, type, only, sort, envId, detail]);

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
  return (
    <>
      <PageHeader
        title="Configs"
        subtitle={
          <>
            Values your apps read through an SDK key. Showing what{" "}
            <strong>{env?.name ?? "each environment"}</strong> serves.
          </>
        }
        actions={create}
      />
      <Onboarding />
      {total > 0 && (
        <div class="toolbar" role="search">
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
        head={
          <>
            <th scope="col">Name</th>
            <th scope="col">Value in {env?.name ?? "environment"}</th>
            <th scope="col" class="num">Overrides</th>
            <th scope="col" class="num">Version</th>
            <th scope="col">Updated</th>
          </>
        }
        row={(c) => {
          const d = detail(c);
          const eff = d ? effective(d, envId) : null;
          return (
            <tr key={c.id}>
              <td>
                <Link href={`${base}/configs/${encodeURIComponent(c.name)}`} class="config-name">
                  {c.name}
                </Link>
                {kills.data?.filter((k) => k.configName === c.name).map((k) => (
                  <KilledBadge key={k.id} killSwitch={k} environments={environments} />
                ))}
                {c.description && <div class="muted small">{c.description}</div>}
              </td>
              <td>
                {eff
                  ? <code class="value-preview">{preview(eff.body.value, 48)}</code>
                  : <span class="muted">…</span>}
                {eff?.variant && <Badge tone="accent">{env?.name}</Badge>}
              </td>
              <td class="num">{eff ? eff.body.overrides.length || "–" : ""}</td>
              <td class="num">v{c.version}</td>
              <td>
                <time dateTime={c.updatedAt} title={c.updatedAt}>{ago(c.updatedAt)}</time>
              </td>
            </tr>
          );
        }}
      />
      {total > 0 && <p class="muted small">{rows.length} of {total} configs</p>}
      {creating && <NewConfigDialog onClose={() => setCreating(false)} />}
    </>
  );
}
