// The approval gate every config write passes (writeVersion and saveConfig): a change that
// touches the value or overrides an environment with an approval rule serves is written only
// by callers who may bypass approvals (audited as such) or by a kill switch; the edit routes
// keep it as a change request instead; everything else is refused.
import {
  ApprovalRequired,
  identityOf,
  mayBypassApprovals,
  touchedEnvironments,
} from "../domain/approval.ts";
import { stateJson, stateOf } from "../domain/config_state.ts";
import { auditStates } from "../domain/sensitive.ts";
import { quote } from "../domain/names.ts";
import type { Json } from "../domain/overrides.ts";
import { type ChangeRequest, changeRequestsRepo } from "../store/repos/change_requests.ts";
import type { Tx } from "../store/store.ts";
import type { Config, ConfigState, Project } from "../store/types.ts";
import { audit } from "./audit.ts";
import type { Caller } from "./caller.ts";
import { requireMasterKey, type Saved } from "./config_write.ts";

/** How an edit becomes a change request: its title, comment and requested reviewers. */
export type Proposal = {
  title?: string;
  description?: string;
  reviewers?: string[];
  /** Open one even where no environment requires it, or the caller could write directly. */
  always?: boolean;
};

/** The protected environments (of the project's rules) the change from `current` touches. */
export async function protectedTouched(
  tx: Tx,
  project: Project,
  current: ConfigState,
  next: ConfigState,
): Promise<string[]> {
  const rules = await changeRequestsRepo(tx.db, tx.dataKeys).rules(project.id);
  if (rules.length === 0) return [];
  return touchedEnvironments(current, next, rules.map((r) => r.environmentId));
}

async function namesOf(tx: Tx, project: Project, ids: string[]): Promise<string> {
  const envs = new Map((await tx.environments.list(project.id)).map((e) => [e.id, e.name]));
  return ids.map((id) => quote(envs.get(id) ?? id)).join(", ");
}

/**
 * For a write about to happen: the protected environments it passes (an approval bypassed, for
 * the audit row). Throws ApprovalRequired when the caller may not write them directly.
 */
export async function passGate(
  tx: Tx,
  caller: Caller,
  project: Project,
  current: Config,
  next: ConfigState,
  bypass: boolean,
): Promise<string[]> {
  const touched = await protectedTouched(tx, project, current, next);
  if (touched.length === 0 || bypass || mayBypassApprovals(caller.actor)) return touched;
  const envs = await namesOf(tx, project, touched);
  throw new ApprovalRequired(
    `Cannot change config ${quote(current.name)}: ${envs} require${
      touched.length > 1 ? "" : "s"
    } approval; open a change request (POST /projects/{projectId}/configs/{name}/change-requests)`,
    touched,
    null,
  );
}

/**
 * Keeps the change as a change request when it touches a protected environment the caller may
 * not write directly (or always, when asked); null when the write should go ahead.
 */
export async function proposeIfGated(
  tx: Tx,
  caller: Caller,
  project: Project,
  current: Config,
  next: ConfigState,
  p: Proposal,
  sensitive?: boolean,
): Promise<ChangeRequest | null> {
  const touched = await protectedTouched(tx, project, current, next);
  const gated = touched.length > 0 && !mayBypassApprovals(caller.actor);
  if (!gated && !p.always) return null;
  const envs = touched.length > 0 ? ` in ${await namesOf(tx, project, touched)}` : "";
  // Sealed when the config is sensitive or the change makes it so (docs/sensitive_values.md).
  const wasSensitive = current.sensitive === true;
  const seal = wasSensitive || sensitive === true;
  const setsSensitive = sensitive === undefined || sensitive === wasSensitive ? null : sensitive;
  if (seal) requireMasterKey(tx, current.name);
  const cr = await changeRequestsRepo(tx.db, tx.dataKeys).create({
    projectId: project.id,
    configId: current.id,
    configName: current.name,
    environmentIds: touched,
    title: p.title?.trim() || `Change ${quote(current.name)}${envs}`,
    description: p.description ?? "",
    reviewers: [...new Set(p.reviewers ?? [])],
    state: stateOf(next),
    baseState: stateOf(current),
    baseVersion: current.version,
    author: caller.audit.actor,
    seal,
    setsSensitive,
  });
  // Audit rows and webhooks see a sealed request's states masked, as a config write's.
  const shown = auditStates({ state: current, sensitive: wasSensitive }, next, seal, stateJson);
  await auditChangeRequest(tx, caller, project, cr, "change_request.create", {
    state: shown.after,
    baseState: shown.before,
    ...(setsSensitive === null ? {} : { setsSensitive }),
  });
  return cr;
}

/** The audit row (and so the webhook event) of something that happened to a change request. */
export async function auditChangeRequest(
  tx: Tx,
  caller: Caller,
  project: Project,
  cr: ChangeRequest,
  action: string,
  extra: Record<string, Json> = {},
): Promise<void> {
  await audit(tx, caller.audit, {
    workspaceId: project.workspaceId,
    projectId: project.id,
    configName: cr.configName,
    action,
    targetType: "change_request",
    targetId: cr.id,
    after: {
      id: cr.id,
      title: cr.title,
      status: cr.status,
      environmentIds: cr.environmentIds,
      baseVersion: cr.baseVersion,
      author: cr.author.label,
      authorId: identityOf(cr.author),
      ...extra,
    },
  });
}

/**
 * Once its transaction committed: the save, or the 409 (approval_required) of a change kept as
 * a change request.
 */
export function unlessProposed(name: string, saved: Saved): Saved {
  const cr = saved.changeRequest;
  if (!cr) return saved;
  throw new ApprovalRequired(
    `Config ${quote(name)} was not changed: the change needs approval, so it was ` +
      `submitted for review as change request ${cr.id} (${quote(cr.title)})`,
    cr.environmentIds,
    cr.id,
  );
}
