// Change requests (docs/safe_changes.md): open one, read and list them, discuss, review
// (approve, request changes, reject), withdraw, rebase. The approval that completes the
// requirement applies the proposed state in its own transaction, through saveConfig, after
// checking the config is still at the base version; the request row is locked first, so two
// instances approving at once apply it once.
import {
  DEFAULT_REQUIREMENT,
  identityOf,
  type Requirement,
  reviewRefusal,
  strictest,
  tally,
} from "../domain/approval.ts";
import { rebaseState } from "../domain/approval_rebase.ts";
import { type ConfigInput, toState } from "../domain/config_state.ts";
import {
  Conflict,
  DomainError,
  Forbidden,
  invalid,
  NotFound,
  StaleVersion,
} from "../domain/errors.ts";
import { LIMITS } from "../domain/limits.ts";
import { type Masked, maskState, valuesChange } from "../domain/sensitive.ts";
import {
  type ChangeRequest,
  type ChangeRequestEvent,
  changeRequestsRepo,
  type ChangeRequestStatus,
} from "../store/repos/change_requests.ts";
import type { Store, Tx } from "../store/store.ts";
import type { Config, Project } from "../store/types.ts";
import { auditChangeRequest, type Proposal } from "./approval_gate.ts";
import { type Caller, callerOf, configTarget, projectTarget } from "./caller.ts";
import { saveConfig } from "./config_write.ts";
import { configOr404, projectOr404 } from "./lookup.ts";

export type { ChangeRequest, ChangeRequestEvent, ChangeRequestStatus };

/** A change request with what a reader needs to act on it. */
export type ChangeRequestView = ChangeRequest & {
  events: ChangeRequestEvent[];
  requirement: Requirement;
  approvedBy: string[];
  changesRequestedBy: string[];
  /** The config moved on from the base version (or is gone): applying it would fail. */
  stale: boolean;
  currentVersion: number | null;
  /** Why the caller may not review it, or null when they may. */
  reviewRefusal: string | null;
  isAuthor: boolean;
  /** Its values are sensitive (stored sealed, or the config is sensitive now). */
  sensitive: boolean;
  /** Set when `state` and `baseState` are masked: whether the change alters the values. */
  values?: Masked;
};

export type NewChangeRequestInput = Proposal & { config: ConfigInput; baseVersion?: number };

/** Opens a change request for `name` whether or not an environment requires one. */
export function openChangeRequest(
  store: Store,
  caller: Caller,
  projectId: string,
  name: string,
  input: NewChangeRequestInput,
): Promise<ChangeRequestView> {
  const action = `open a change request for config "${name}"`;
  return store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    const current = await configOr404(tx, p, name);
    const { state, issues } = toState(input.config, current.members);
    if (issues.length > 0) throw invalid(action, issues);
    const { changeRequest } = await saveConfig(tx, caller, p, current, state, {
      action,
      auditAction: "config.update",
      expectedVersion: input.baseVersion,
      sensitive: input.config.sensitive,
      propose: { ...input, always: true },
    });
    return await viewOf(tx, caller, p, changeRequest!);
  });
}

async function requestOr404(tx: Tx, p: Project, id: string, lock = false) {
  const cr = await changeRequestsRepo(tx.db, tx.dataKeys).get(id, lock);
  if (!cr || cr.projectId !== p.id) {
    throw new NotFound("other", `Change request "${id}" not found in this project`);
  }
  return cr;
}

/** The rule a request must meet now: the strictest of its environments' current rules. */
async function requirementOf(tx: Tx, cr: ChangeRequest): Promise<Requirement> {
  const rules = (await changeRequestsRepo(tx.db, tx.dataKeys).rules(cr.projectId))
    .filter((r) => cr.environmentIds.includes(r.environmentId));
  return rules.length > 0 ? strictest(rules) : DEFAULT_REQUIREMENT;
}

async function viewOf(
  tx: Tx,
  caller: Caller,
  p: Project,
  cr: ChangeRequest,
): Promise<ChangeRequestView> {
  const repo = changeRequestsRepo(tx.db, tx.dataKeys);
  const [events, requirement, config] = await Promise.all([
    repo.events(cr.id),
    requirementOf(tx, cr),
    tx.configs.get(p.id, cr.configName),
  ]);
  const live = config && config.id === cr.configId ? config : null;
  const counted = tally(reviewsOf(events), requirement.requiredApprovals);
  const self = identityOf(caller.audit.actor);
  return {
    ...cr,
    events,
    requirement,
    approvedBy: counted.approvedBy,
    changesRequestedBy: counted.changesRequestedBy,
    stale: live === null || live.version !== cr.baseVersion,
    currentVersion: live?.version ?? null,
    reviewRefusal: refusalFor(caller, p, cr, requirement, live),
    isAuthor: self === identityOf(cr.author),
    sensitive: cr.sealed || config?.sensitive === true,
  };
}

/**
 * A sensitive request as lists show it: values masked, as history does. A reader of one
 * request (who may read the config's values) gets them decrypted, to review them.
 */
function masked(v: ChangeRequestView): ChangeRequestView {
  if (!v.sensitive) return v;
  return {
    ...v,
    state: maskState(v.state),
    baseState: maskState(v.baseState),
    values: valuesChange(v.baseState, v.state),
  };
}

const reviewsOf = (events: ChangeRequestEvent[]) =>
  events.flatMap((e) =>
    e.kind === "approve" || e.kind === "request_changes"
      ? [{ reviewer: identityOf(e.actor), label: e.actor.label, kind: e.kind }]
      : []
  );

function refusalFor(
  caller: Caller,
  p: Project,
  cr: ChangeRequest,
  req: Requirement,
  config: Config | null,
): string | null {
  const members = (config?.members ?? cr.state.members).map((m) => m.email);
  return reviewRefusal(
    req,
    caller.actor,
    identityOf(caller.audit.actor),
    identityOf(cr.author),
    configTarget(p, { id: cr.configId }),
    members,
  );
}

export function getChangeRequest(
  store: Store,
  caller: Caller,
  projectId: string,
  id: string,
): Promise<ChangeRequestView> {
  return store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    return await viewOf(tx, caller, p, await requestOr404(tx, p, id));
  });
}

export type ListQuery = {
  status: ChangeRequestStatus | null;
  configName: string | null;
  /** Only open ones the caller may review and has not reviewed yet. */
  waitingForMe: boolean;
};

export function listChangeRequests(
  store: Store,
  caller: Caller,
  projectId: string,
  q: ListQuery,
): Promise<ChangeRequestView[]> {
  return store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    const status = q.waitingForMe ? "open" : q.status;
    const list = await changeRequestsRepo(tx.db, tx.dataKeys).list(
      p.id,
      { status, configName: q.configName },
      200,
    );
    const views = (await Promise.all(list.map((cr) => viewOf(tx, caller, p, cr)))).map(masked);
    if (!q.waitingForMe) return views;
    const self = identityOf(caller.audit.actor);
    return views.filter((v) =>
      v.reviewRefusal === null &&
      !v.events.some((e) =>
        (e.kind === "approve" || e.kind === "request_changes") && identityOf(e.actor) === self
      )
    );
  });
}

/** Opens the request's transaction: the project, the request (locked), its events' count. */
function onRequest<T>(
  store: Store,
  caller: Caller,
  projectId: string,
  id: string,
  action: string,
  fn: (tx: Tx, p: Project, cr: ChangeRequest) => Promise<T>,
): Promise<T> {
  return store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    const cr = await requestOr404(tx, p, id, store.dialect === "postgres");
    const n = await changeRequestsRepo(tx.db, tx.dataKeys).eventCount(cr.id);
    if (n >= LIMITS.maxChangeRequestEvents) {
      throw new Conflict(
        `Cannot ${action}: change request "${id}" has ${n} comments and reviews; the limit is ` +
          `${LIMITS.maxChangeRequestEvents}; open a new one`,
      );
    }
    return await fn(tx, p, cr);
  });
}

const mustBeOpen = (cr: ChangeRequest, action: string) => {
  if (cr.status !== "open") throw new Conflict(`Cannot ${action}: it is ${cr.status}`);
};

export function commentOn(
  store: Store,
  caller: Caller,
  projectId: string,
  id: string,
  body: string,
): Promise<ChangeRequestView> {
  const action = `comment on change request "${id}"`;
  return onRequest(store, caller, projectId, id, action, async (tx, p, cr) => {
    const repo = changeRequestsRepo(tx.db, tx.dataKeys);
    await repo.addEvent(cr.id, "comment", caller.audit.actor, body);
    await repo.touch(cr.id);
    await auditChangeRequest(tx, caller, p, cr, "change_request.comment", { comment: body });
    return await viewOf(tx, caller, p, cr);
  });
}

export type Verdict = "approve" | "request_changes" | "reject";

/**
 * Records a review. The approval that completes the requirement applies the change (unless
 * the config moved on: then the request stays open, stale, for its author to rebase).
 */
export function review(
  store: Store,
  caller: Caller,
  projectId: string,
  id: string,
  verdict: Verdict,
  comment: string,
): Promise<ChangeRequestView> {
  const verb = { approve: "approve", request_changes: "request changes on", reject: "reject" };
  const action = `${verb[verdict]} change request "${id}"`;
  return onRequest(store, caller, projectId, id, action, async (tx, p, cr) => {
    caller.allow("change_request.review", configTarget(p, { id: cr.configId }));
    const requirement = await requirementOf(tx, cr);
    const live = await tx.configs.get(p.id, cr.configName);
    const refusal = refusalFor(caller, p, cr, requirement, live?.id === cr.configId ? live : null);
    if (refusal) throw new Forbidden(`Cannot ${action}: ${refusal}`);
    mustBeOpen(cr, action);
    const repo = changeRequestsRepo(tx.db, tx.dataKeys);
    await repo.addEvent(
      cr.id,
      verdict === "reject" ? "reject" : verdict,
      caller.audit.actor,
      comment,
    );
    await repo.touch(cr.id);
    if (verdict === "reject") await repo.close(cr.id, "rejected", caller.audit.actor.label);
    const after = (await repo.get(cr.id))!;
    await auditChangeRequest(tx, caller, p, after, `change_request.${verdict}`, { comment });
    if (verdict === "approve") {
      const counted = tally(reviewsOf(await repo.events(cr.id)), requirement.requiredApprovals);
      if (counted.ready) await applyIfCurrent(store, tx, caller, p, after, counted.approvedBy);
    }
    return await viewOf(tx, caller, p, (await repo.get(cr.id))!);
  });
}

/**
 * The applied version's comment: the author's words (the description, which a gated save's
 * comment becomes), cut to a comment's length, else the title.
 */
export function appliedComment(cr: Pick<ChangeRequest, "title" | "description">): string {
  const why = cr.description.trim();
  if (!why) return cr.title;
  const max = LIMITS.maxCommentLength;
  if (why.length <= max) return why;
  // Cut on a whole character (never half of a surrogate pair).
  return `${why.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, "").trimEnd()}…`;
}

/** Applies `cr` in a savepoint; a stale base or a state no longer valid leaves it open. */
async function applyIfCurrent(
  store: Store,
  tx: Tx,
  reviewer: Caller,
  p: Project,
  cr: ChangeRequest,
  approvedBy: string[],
): Promise<void> {
  const author = cr.author;
  // The author's change, made with the rights the approval grants; the audit row names both.
  const applier = callerOf({ kind: "superuser" }, {
    actor: {
      ...author,
      label: `${author.label} (change request, approved by ${approvedBy.join(", ")})`,
    },
    requestId: reviewer.audit.requestId,
  });
  try {
    await store.write(async () => {
      const current = await tx.configs.get(p.id, cr.configName);
      if (!current || current.id !== cr.configId) {
        throw new NotFound("config", `config "${cr.configName}" no longer exists`);
      }
      const saved = await saveConfig(tx, applier, p, current, cr.state, {
        action: `apply change request "${cr.id}"`,
        auditAction: "config.update",
        expectedVersion: cr.baseVersion,
        auditExtra: { changeRequest: { id: cr.id, title: cr.title, approvedBy } },
        comment: appliedComment(cr),
        bypassApproval: true,
        sensitive: cr.setsSensitive ?? undefined,
      });
      const repo = changeRequestsRepo(tx.db, tx.dataKeys);
      if (
        !await repo.close(cr.id, "applied", reviewer.audit.actor.label, {
          appliedVersion: saved.config.version,
        })
      ) {
        throw new Conflict(`change request "${cr.id}" was closed meanwhile`);
      }
      await repo.addEvent(cr.id, "apply", reviewer.audit.actor, `version ${saved.config.version}`);
      const applied = (await repo.get(cr.id))!;
      await auditChangeRequest(tx, reviewer, p, applied, "change_request.apply", {
        appliedVersion: saved.config.version,
        approvedBy,
      });
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (!(error instanceof StaleVersion)) {
      await changeRequestsRepo(tx.db, tx.dataKeys).addEvent(
        cr.id,
        "comment",
        { type: "system", id: null, label: "Dialtone" },
        `Not applied: ${error.message}`,
      );
    }
  }
}

export function withdraw(
  store: Store,
  caller: Caller,
  projectId: string,
  id: string,
  comment: string,
): Promise<ChangeRequestView> {
  const action = `withdraw change request "${id}"`;
  return onRequest(store, caller, projectId, id, action, async (tx, p, cr) => {
    // Its author withdraws it; a project admin may close anyone's.
    if (identityOf(caller.audit.actor) !== identityOf(cr.author)) {
      caller.allow("approval.write", projectTarget(p));
    }
    mustBeOpen(cr, action);
    const repo = changeRequestsRepo(tx.db, tx.dataKeys);
    await repo.addEvent(cr.id, "withdraw", caller.audit.actor, comment);
    await repo.close(cr.id, "withdrawn", caller.audit.actor.label);
    const after = (await repo.get(cr.id))!;
    await auditChangeRequest(tx, caller, p, after, "change_request.withdraw", { comment });
    return await viewOf(tx, caller, p, after);
  });
}

export type Rebased = { changeRequest: ChangeRequestView; conflicts: string[] };

/**
 * Carries a stale request's change onto the config's current version as a new request (the
 * caller its author); the old one is closed as superseded.
 */
export function rebase(
  store: Store,
  caller: Caller,
  projectId: string,
  id: string,
): Promise<Rebased> {
  const action = `rebase change request "${id}"`;
  return onRequest(store, caller, projectId, id, action, async (tx, p, cr) => {
    caller.allow("config.edit_value", configTarget(p, { id: cr.configId }));
    mustBeOpen(cr, action);
    const current = await configOr404(tx, p, cr.configName);
    if (current.id !== cr.configId) {
      throw new Conflict(`Cannot ${action}: config "${cr.configName}" was deleted and made anew`);
    }
    if (current.version === cr.baseVersion) {
      throw new Conflict(`Cannot ${action}: it is based on the current version already`);
    }
    const { state, conflicts } = rebaseState(cr.baseState, cr.state, current);
    const envs = new Set((await tx.environments.list(p.id)).map((e) => e.id));
    state.variants = state.variants.filter((v) => envs.has(v.environmentId));
    const { changeRequest } = await saveConfig(tx, caller, p, current, state, {
      action,
      auditAction: "config.update",
      sensitive: cr.setsSensitive ?? undefined,
      propose: {
        title: cr.title,
        description: cr.description,
        reviewers: cr.reviewers,
        always: true,
      },
    });
    const made = changeRequest!;
    const repo = changeRequestsRepo(tx.db, tx.dataKeys);
    await repo.addEvent(cr.id, "rebase", caller.audit.actor, made.id);
    await repo.close(cr.id, "superseded", caller.audit.actor.label, { supersededBy: made.id });
    await auditChangeRequest(tx, caller, p, (await repo.get(cr.id))!, "change_request.rebase", {
      supersededBy: made.id,
      conflicts,
    });
    return { changeRequest: await viewOf(tx, caller, p, made), conflicts };
  });
}
