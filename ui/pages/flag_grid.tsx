// The config list as a grid of configs × environments: what each environment serves, with an
// on/off switch for boolean flags. The switch writes that environment's own value (a normal,
// versioned save, overrides kept). On an environment with an approval rule that save would only
// open a change request, so there the switch asks first: submit the value for review, or turn
// it now with the kill switch (grid_confirm.tsx). A cell the kill switch wrote says "killed".
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { toast } from "../components/toast.tsx";
import { Badge, Link } from "../components/ui.tsx";
import { api, ApiError, enc } from "../lib/api.ts";
import { announceSave } from "../lib/config_events.ts";
import { rememberDetail } from "../lib/config_details.ts";
import { effective, equalJson, kindOf, toWrite } from "../lib/config_model.ts";
import { configs } from "../lib/endpoints.ts";
import { headline } from "../lib/error_text.ts";
import { ago, plural, preview } from "../lib/format.ts";
import type {
  ApprovalRule,
  ConfigDetail,
  ConfigSummary,
  Environment,
  KillSwitch,
} from "../lib/types.ts";
import { TagChips } from "../components/tags.tsx";
import { ProtectedToggleDialog } from "./grid_confirm.tsx";
import { addVariant } from "./scope_bar.tsx";
import { KilledBadge } from "./kill_switch.tsx";

export type GridContext = {
  projectId: string;
  base: string;
  environments: Environment[];
  /** The environment chosen in the sidebar: its column is marked. */
  envId: string | null;
  kills: KillSwitch[];
  /** Approval rules by environment id: the protected environments. */
  rules: Map<string, ApprovalRule>;
  stale: (name: string, envId: string) => boolean;
  onSaved: () => void;
  /** The tag the list is filtered by, or "". */
  tag: string;
  /** A tag chip was clicked: filter by it (or, the filter's own tag, stop filtering). */
  onTag: (tag: string) => void;
};

export function GridHead({ environments, envId }: Pick<GridContext, "environments" | "envId">) {
  return (
    <>
      <th scope="col">Config</th>
      {environments.map((e) => (
        <th key={e.id} scope="col" class={e.id === envId ? "current-env" : undefined}>
          {e.name}
        </th>
      ))}
      <th scope="col">Updated</th>
    </>
  );
}

export function GridRow(
  { summary: c, detail: d, ctx }: {
    summary: ConfigSummary;
    detail: ConfigDetail | undefined;
    ctx: GridContext;
  },
) {
  const href = `${ctx.base}/configs/${encodeURIComponent(c.name)}`;
  const kills = ctx.kills.filter((k) => k.configName === c.name);
  return (
    <tr>
      <th scope="row" class="grid-name">
        <Link href={href} class="config-name">{c.name}</Link>
        {kills.map((k) => (
          <KilledBadge
            key={k.id}
            killSwitch={k}
            environments={ctx.environments}
          />
        ))}
        <div class="tags">
          {d && <Badge>{kindOf(d.base.value)}</Badge>}
          {d?.base.schema !== null && d?.base.schema !== undefined && <Badge>schema</Badge>}
          <TagChips tags={c.tags} active={ctx.tag} onPick={ctx.onTag} />
        </div>
        {c.description && <div class="muted small">{c.description}</div>}
      </th>
      {ctx.environments.map((env) => (
        <td key={env.id} class={env.id === ctx.envId ? "current-env" : undefined}>
          {d ? <Cell config={d} env={env} ctx={ctx} href={href} /> : <span class="muted">…</span>}
        </td>
      ))}
      <td class="small">
        <time dateTime={c.updatedAt} title={c.updatedAt}>{ago(c.updatedAt)}</time>
      </td>
    </tr>
  );
}

function Cell(
  { config, env, ctx, href }: {
    config: ConfigDetail;
    env: Environment;
    ctx: GridContext;
    href: string;
  },
) {
  const { body, variant } = effective(config, env.id);
  const kill = ctx.kills.find((k) =>
    k.configName === config.name && (k.environmentId === null || k.environmentId === env.id)
  );
  const killed = kill !== undefined;
  const diverged = !!variant &&
    !equalJson([variant.value, variant.overrides], [config.base.value, config.base.overrides]);
  const rules = body.overrides.length;
  return (
    <div class="grid-cell">
      {typeof body.value === "boolean"
        ? <FlagToggle config={config} env={env} on={body.value} killed={killed} ctx={ctx} />
        : (
          <code class="value-preview" title={preview(body.value, 400)}>
            {preview(body.value, 28)}
          </code>
        )}
      <div class="grid-notes small">
        {rules > 0 && (
          <Link href={`${href}/overrides?scope=${variant ? enc(env.id) : "base"}`}>
            +{plural(rules, "rule")}
          </Link>
        )}
        {kill
          ? (
            // The kill switch wrote this value: "own value" would hide why it is served.
            <span
              class="grid-killed"
              data-testid="cell-killed"
              title={killedTitle(kill, env)}
            >
              <Badge tone="bad">killed</Badge>
              <span class="sr-only">: {kill.reason}</span>
            </span>
          )
          : variant
          ? (
            <Note title={`${env.name} has its own value and overrides`}>
              {diverged ? "own value" : "own value, same as base"}
            </Note>
          )
          : <Note title={`${env.name} serves the base value`}>base</Note>}
        {ctx.stale(config.name, env.id) && (
          <Note
            kind="stale"
            title={`Not evaluated in ${env.name} in the last 24 h through OFREP or the evaluate endpoint, while other configs were. Apps on a stream SDK evaluate locally and are not counted.`}
          >
            unused?
          </Note>
        )}
      </div>
    </div>
  );
}

/** Where, what, why, who and when of the kill switch in force in `env`. */
const killedTitle = (k: KillSwitch, env: Environment) =>
  `Kill switch on in ${k.environmentId === null ? "every environment" : env.name}: clients get ${
    preview(k.value, 40)
  }, overrides suspended. Reason: “${k.reason}” (${k.createdBy}, ${
    ago(k.createdAt)
  }). Undo it on the config page.`;

const Note = (
  { kind = "", title, children }: { kind?: string; title: string; children: ComponentChildren },
) => <span class={`grid-note ${kind}`} title={title}>{children}</span>;

function FlagToggle(
  { config, env, on, killed, ctx }: {
    config: ConfigDetail;
    env: Environment;
    on: boolean;
    killed: boolean;
    ctx: GridContext;
  },
) {
  const [pending, setPending] = useState<boolean | null>(null);
  const [confirming, setConfirming] = useState(false);
  const rule = ctx.rules.get(env.id);
  const shown = pending ?? on;
  const flip = async () => {
    const next = !on;
    if (rule) {
      setConfirming(true);
      return;
    }
    setPending(next);
    try {
      const saved = await configs.update(ctx.projectId, config.name, {
        ...withEnvValue(toWrite(config), env.id, next),
        baseVersion: config.version,
      });
      rememberDetail(ctx.projectId, saved);
      announceSave({ projectId: ctx.projectId, name: config.name, version: saved.version });
      toast(`${config.name} ${next ? "on" : "off"} in ${env.name}: version ${saved.version}`);
      ctx.onSaved();
    } catch (error) {
      const stale = error instanceof ApiError && error.isConflict;
      toast(
        stale
          ? `Not switched: ${config.name} changed meanwhile. Look again and retry.`
          : `Not switched: ${
            error instanceof ApiError ? headline(error.message, error.issues) : String(error)
          }`,
        "bad",
      );
      ctx.onSaved();
    } finally {
      setPending(null);
    }
  };
  return (
    <>
      <label
        class="switch"
        title={killed
          ? "The kill switch is on: undo it on the config page"
          : rule
          ? `${env.name} is protected: asks before turning ${config.name} ${on ? "off" : "on"}`
          : `Turn ${config.name} ${on ? "off" : "on"} in ${env.name} (when no override matches)`}
      >
        <input
          type="checkbox"
          role="switch"
          aria-label={`${config.name} in ${env.name}`}
          checked={shown}
          disabled={pending !== null || killed}
          onChange={() => void flip()}
        />
        <span>{shown ? "On" : "Off"}</span>
      </label>
      {confirming && rule && (
        <ProtectedToggleDialog
          projectId={ctx.projectId}
          config={config}
          env={env}
          rule={rule}
          next={!on}
          kills={ctx.kills}
          environments={ctx.environments}
          propose={async (comment) => {
            const cr = await api.post<{ id: string }>(
              `/projects/${enc(ctx.projectId)}/configs/${enc(config.name)}/change-requests`,
              {
                title: `Turn ${config.name} ${on ? "off" : "on"} in ${env.name}`,
                description: comment,
                config: withEnvValue(toWrite(config), env.id, !on),
                baseVersion: config.version,
              },
            );
            return cr.id;
          }}
          onClose={() => setConfirming(false)}
          onDone={ctx.onSaved}
        />
      )}
    </>
  );
}

/** The draft with `envId` serving `value`: its own value changed, or a copy of the base made. */
function withEnvValue(write: ReturnType<typeof toWrite>, envId: string, value: boolean) {
  const own = write.variants.some((v) => v.environmentId === envId)
    ? write
    : addVariant(write, envId);
  return {
    ...own,
    variants: own.variants.map((v) => (v.environmentId === envId ? { ...v, value } : v)),
  };
}

type Counts = { environments: { environmentId: string; count: number }[] };
const counted = new Map<string, { at: number; counts: Counts }>();

/**
 * "unused?" hints: a config not evaluated in an environment where others were, from the
 * evaluation counts (fetched two at a time, each kept for five minutes).
 */
export function useStaleness(projectId: string, names: string[]) {
  const [, setTick] = useState(0);
  const key = (name: string) => `${projectId}/${name}`;
  const joined = names.slice(0, 300).join("\n");
  const period = Math.floor(Date.now() / 300_000);
  useEffect(() => {
    let cancelled = false;
    const due = names.slice(0, 300).filter((n) => {
      const c = counted.get(key(n));
      return !c || Date.now() - c.at > 300_000;
    });
    const worker = async () => {
      for (let n = due.shift(); n && !cancelled; n = due.shift()) {
        try {
          const counts = await api.get<Counts>(
            `/projects/${enc(projectId)}/configs/${enc(n)}/evaluations`,
          );
          counted.set(key(n), { at: Date.now(), counts });
        } catch { /* no hint for it */ }
      }
      if (!cancelled) setTick((t) => t + 1);
    };
    void worker();
    void worker();
    return () => {
      cancelled = true;
    };
  }, [projectId, joined, period]);
  const active = new Set<string>();
  for (const n of names) {
    for (const e of counted.get(key(n))?.counts.environments ?? []) {
      if (e.count > 0) active.add(e.environmentId);
    }
  }
  return (name: string, envId: string) => {
    const counts = counted.get(key(name))?.counts;
    if (!counts || !active.has(envId)) return false;
    return !counts.environments.some((e) => e.environmentId === envId && e.count > 0);
  };
}
