// Webhook events: made from the audit row every mutation writes (it names the actor and holds
// the state before and after), filtered per endpoint by event type, project and environment.
// An event's type is the audit action ("config.update", "sdk_key.delete", …).
import type { Json } from "./overrides.ts";

export type WebhookEvent = {
  id: string;
  type: string;
  occurredAt: string;
  workspace: { id: string };
  project: { id: string } | null;
  /** Present when the change concerns exactly one environment. */
  environment?: { id: string };
  actor: { type: string; id: string | null; label: string };
  target: { type: string; id: string | null; name?: string };
  data: { before: Json | null; after: Json | null };
};

/** What an audit row says, as the outbox sees it. */
export type AuditFacts = {
  workspaceId: string | null;
  projectId: string | null;
  configName: string | null;
  actor: { type: string; id: string | null; label: string };
  action: string;
  targetType: string;
  targetId: string | null;
  before: Json | null;
  after: Json | null;
};

export type EndpointFilter = {
  events: readonly string[];
  projectId: string | null;
  environmentId: string | null;
};

/** "config.update", "config.*" or "*". */
export const EVENT_FILTER_PATTERN = /^(\*|[a-z][a-z_]{0,39}\.(\*|[a-z][a-z_]{0,39}))$/;
export const MAX_EVENT_FILTERS = 50;
/** The types a test event has; endpoints get one whatever their filter. */
export const TEST_EVENT_TYPE = "webhook.test";

/** The event for an audit row; null for rows outside any workspace (sign-ups). */
export function eventFromAudit(facts: AuditFacts, id: string, at: string): WebhookEvent | null {
  if (facts.workspaceId === null) return null;
  const envs = environmentsOf(facts);
  const event: WebhookEvent = {
    id,
    type: facts.action,
    occurredAt: at,
    workspace: { id: facts.workspaceId },
    project: facts.projectId === null ? null : { id: facts.projectId },
    actor: { type: facts.actor.type, id: facts.actor.id, label: facts.actor.label },
    target: {
      type: facts.targetType,
      id: facts.targetId,
      ...(facts.configName === null ? {} : { name: facts.configName }),
    },
    data: { before: facts.before, after: facts.after },
  };
  if (envs !== "all" && envs.length === 1) event.environment = { id: envs[0]! };
  return event;
}

export function typeMatches(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) =>
    p === "*" || p === type || (p.endsWith(".*") && type.startsWith(p.slice(0, -1)))
  );
}

/** Whether an endpoint with this filter gets the event. */
export function endpointWants(filter: EndpointFilter, facts: AuditFacts): boolean {
  if (facts.workspaceId === null || !typeMatches(filter.events, facts.action)) return false;
  if (filter.projectId !== null && filter.projectId !== facts.projectId) return false;
  if (filter.environmentId === null) return true;
  const envs = environmentsOf(facts);
  return envs === "all" || envs.includes(filter.environmentId);
}

type StateLike = {
  base?: Json;
  variants?: { environmentId?: string }[];
  [key: string]: unknown;
};

/**
 * The environments a change concerns: an environment or SDK key its own; a config change the
 * environments whose variant changed, or "all" when the base (which environments without a
 * variant use) or anything else changed; anything wider (projects, members) "all".
 */
export function environmentsOf(facts: AuditFacts): "all" | string[] {
  if (facts.targetType === "environment" && facts.targetId !== null) return [facts.targetId];
  if (facts.targetType === "change_request") {
    const envs = field(facts.after, "environmentIds");
    return Array.isArray(envs) && envs.length > 0 ? envs.map(String) : "all";
  }
  if (facts.targetType === "sdk_key") {
    const env = field(facts.after, "environmentId") ?? field(facts.before, "environmentId");
    return typeof env === "string" ? [env] : "all";
  }
  if (facts.targetType !== "config") return "all";
  const before = facts.before as StateLike | null;
  const after = facts.after as StateLike | null;
  if (!isObject(before) || !isObject(after)) return "all";
  const { variants: vb = [], ...restBefore } = before;
  const { variants: va = [], ...restAfter } = after;
  if (!sameJson(restBefore, restAfter)) return "all";
  const byEnv = (list: { environmentId?: string }[]) =>
    new Map(list.map((v) => [String(v.environmentId), JSON.stringify(v)]));
  const b = byEnv(vb);
  const a = byEnv(va);
  const changed = new Set<string>();
  for (const [env, text] of b) if (a.get(env) !== text) changed.add(env);
  for (const [env, text] of a) if (b.get(env) !== text) changed.add(env);
  return [...changed].sort();
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const field = (v: Json | null, key: string): unknown => isObject(v) ? v[key] : undefined;

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
