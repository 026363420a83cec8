// Approvals (docs/safe_changes.md): which environments an edit touches, the rule a change
// request must meet (the strictest rule of those environments), who may review it, and when
// its reviews add up to an approval. Pure: the service feeds it rows and the actor.
import type { ConfigBody, ConfigState } from "./config_state.ts";
import { Conflict } from "./errors.ts";
import { diffJson } from "./json_diff.ts";
import type { Json } from "./overrides.ts";
import { type Actor, APPROVER_RANKS, type ConfigTarget, rankOf, RANKS } from "./permissions.ts";

export type ApproverRank = typeof APPROVER_RANKS[number];

/** What an environment that requires approval asks of a change request. */
export type Requirement = {
  requiredApprovals: number;
  minRole: ApproverRank;
  /** Only people named on the config itself (its editors and maintainers) may approve. */
  configMembersOnly: boolean;
};

export type ApprovalRule = Requirement & { environmentId: string };

export const DEFAULT_REQUIREMENT: Requirement = {
  requiredApprovals: 1,
  minRole: "config editor",
  configMembersOnly: false,
};

const served = (s: ConfigState, env: string): Pick<ConfigBody, "value" | "overrides"> => {
  const body = s.variants.find((v) => v.environmentId === env) ?? s.base;
  return { value: body.value, overrides: body.overrides };
};

const same = (a: unknown, b: unknown) => diffJson(a as Json, b as Json, 1).length === 0;

/** The environments (of `envIds`) whose served value or overrides differ between the states. */
export function touchedEnvironments(
  before: ConfigState,
  after: ConfigState,
  envIds: Iterable<string>,
): string[] {
  return [...envIds].filter((env) => !same(served(before, env), served(after, env))).sort();
}

/** The strictest of `rules`: most approvals, highest rank, members only if any says so. */
export function strictest(rules: readonly Requirement[]): Requirement {
  if (rules.length === 0) return DEFAULT_REQUIREMENT;
  const rank = (r: ApproverRank) => APPROVER_RANKS.indexOf(r);
  return {
    requiredApprovals: Math.max(...rules.map((r) => r.requiredApprovals)),
    minRole: rules.map((r) => r.minRole).reduce((a, b) => rank(b) > rank(a) ? b : a),
    configMembersOnly: rules.some((r) => r.configMembersOnly),
  };
}

/** The superuser and API keys with the `bypass-approvals` scope write protected environments. */
export function mayBypassApprovals(actor: Actor): boolean {
  if (actor.kind === "superuser") return true;
  return actor.kind === "api_key" && actor.scopes.includes("bypass-approvals");
}

/** Who acted, as change requests compare people: `user:<id>`, `superuser:`, … */
export const identityOf = (a: { type: string; id: string | null }) => `${a.type}:${a.id ?? ""}`;

/**
 * Why `actor` may not approve (or reject, or ask for changes on) a change request under `req`,
 * or null when they may. `configMembers` are the emails named on the config.
 */
export function reviewRefusal(
  req: Requirement,
  actor: Actor,
  self: string,
  author: string,
  target: ConfigTarget,
  configMembers: readonly string[],
): string | null {
  if (self === author) return "the author of a change request cannot review it";
  if (actor.kind === "superuser") return null;
  if (actor.kind === "api_key") return "API keys cannot review change requests; people do";
  const rank = rankOf(actor, target);
  if (RANKS.indexOf(rank) < RANKS.indexOf(req.minRole)) {
    return `reviewing it needs ${req.minRole} or higher; you are ${rank}`;
  }
  if (req.configMembersOnly && !configMembers.includes(actor.email)) {
    return "only the config's own editors and maintainers may review it";
  }
  return null;
}

export type ReviewKind = "approve" | "request_changes";
export type Review = { reviewer: string; label: string; kind: ReviewKind };

/** Each reviewer's latest review counts (reviews oldest first). */
export function tally(reviews: readonly Review[], required: number) {
  const latest = new Map<string, Review>();
  for (const r of reviews) latest.set(r.reviewer, r);
  const approvedBy = [...latest.values()].filter((r) => r.kind === "approve").map((r) => r.label);
  const changesRequestedBy = [...latest.values()].filter((r) => r.kind === "request_changes")
    .map((r) => r.label);
  return {
    approvedBy,
    changesRequestedBy,
    ready: approvedBy.length >= required && changesRequestedBy.length === 0,
  };
}

/**
 * A write refused because it touches an environment that requires approval. With a change
 * request id, the write was kept as that change request instead (409 approval_required).
 */
export class ApprovalRequired extends Conflict {
  constructor(
    message: string,
    readonly environmentIds: string[],
    readonly changeRequestId: string | null,
  ) {
    super(message);
  }
}
