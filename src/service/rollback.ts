// Project rollback: bring a whole project (or what one environment serves) back to its state at
// a past time, in one transaction whose config changes share one change-feed revision, so every
// SDK receives the old state together. The preview shows the same plan without writing it.
import { checkConfigState, stateJson } from "../domain/config_state.ts";
import { Invalid, invalid } from "../domain/errors.ts";
import type { Issue } from "../domain/issues.ts";
import type { JsonChange } from "../domain/json_diff.ts";
import { LIMITS } from "../domain/limits.ts";
import { quote } from "../domain/names.ts";
import { planRollback, type RollbackPlan, stepChanges } from "../domain/rollback_plan.ts";
import { configHistoryRepo } from "../store/repos/config_history.ts";
import type { Store, Tx } from "../store/store.ts";
import type { Config, Project } from "../store/types.ts";
import { audit } from "./audit.ts";
import { type Caller, configTarget, projectTarget } from "./caller.ts";
import { configContext, insertConfig, writeVersion } from "./config_write.ts";
import { environmentOr404, projectOr404 } from "./lookup.ts";

export type RollbackRequest = {
  /** ISO-8601 time in the past. */
  at: string;
  /** null: the whole project. */
  environmentId: string | null;
};

export type RollbackPreview = {
  at: string;
  environmentId: string | null;
  steps: { name: string; kind: "update" | "create" | "delete"; changes: JsonChange[] }[];
  skipped: { name: string; reason: string }[];
};

export type RollbackResult = RollbackPreview & {
  /** The change-feed revision every change went out in; null when nothing changed. */
  revision: number | null;
  configs: { name: string; kind: "update" | "create" | "delete"; version: number | null }[];
};

async function planFor(
  tx: Tx,
  p: Project,
  req: RollbackRequest,
  action: string,
): Promise<{ at: string; plan: RollbackPlan<Config> }> {
  const at = new Date(req.at).toISOString();
  if (Date.parse(at) > Date.now()) {
    throw invalid(action, [{
      path: "at",
      message: `at ${quote(req.at)} is in the future; a rollback goes back to a past time`,
    }]);
  }
  const environments = await tx.environments.list(p.id);
  if (req.environmentId !== null) {
    const e = await environmentOr404(tx, p, req.environmentId);
    if (Date.parse(e.createdAt) > Date.parse(at)) {
      throw invalid(action, [{
        path: "environmentId",
        message: `environment ${quote(e.name)} was created after ${at}; it has no state then`,
      }]);
    }
  }
  const plan = planRollback({
    live: await tx.configs.listFull(p.id),
    was: await configHistoryRepo(tx.db).at(p.id, at),
    environments,
    at,
    environmentId: req.environmentId,
  });
  return { at, plan };
}

const previewOf = (at: string, req: RollbackRequest, plan: RollbackPlan): RollbackPreview => ({
  at,
  environmentId: req.environmentId,
  steps: plan.steps.map((s) => ({ name: s.name, kind: s.kind, changes: stepChanges(s) })),
  skipped: plan.skipped,
});

export function previewRollback(
  store: Store,
  caller: Caller,
  projectId: string,
  req: RollbackRequest,
): Promise<RollbackPreview> {
  return store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    const { at, plan } = await planFor(tx, p, req, "preview the rollback");
    return previewOf(at, req, plan);
  });
}

export function rollbackProject(
  store: Store,
  caller: Caller,
  projectId: string,
  req: RollbackRequest & { reason: string },
): Promise<RollbackResult> {
  const action = "roll back the project";
  return store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("project.rollback", projectTarget(p));
    const { at, plan } = await planFor(tx, p, req, action);
    const ctx = await configContext(tx, p, "");
    for (const s of plan.steps) {
      if (s.kind === "delete") ctx.names.delete(s.name);
      else ctx.names.add(s.name);
    }
    if (ctx.names.size > LIMITS.maxConfigsPerProject) {
      throw new Invalid(
        `Cannot ${action}: the project would have ${ctx.names.size} configs; ` +
          `the limit is ${LIMITS.maxConfigsPerProject}`,
      );
    }
    const issues: Issue[] = [];
    for (const s of plan.steps) {
      if (s.kind === "delete") continue;
      const root = `configs[${JSON.stringify(s.name)}].`;
      issues.push(...checkConfigState(s.state, { ...ctx, selfName: s.name, root }).issues);
    }
    if (issues.length > 0) throw invalid(action, issues.slice(0, LIMITS.maxIssues));
    const extra = { rolledBackTo: at, reason: req.reason };
    const configs: RollbackResult["configs"] = [];
    await tx.feed.together(p.id, async () => {
      for (const s of plan.steps) {
        if (s.kind === "update") {
          const saved = await writeVersion(tx, caller, p, s.current, s.state, {
            auditAction: "config.rollback",
            auditExtra: { ...extra, fromVersion: s.fromVersion },
          });
          configs.push({ name: s.name, kind: s.kind, version: saved.version });
        } else if (s.kind === "create") {
          const made = await insertConfig(tx, caller, p, s.name, s.state);
          configs.push({ name: s.name, kind: s.kind, version: made.version });
        } else {
          caller.allow("config.delete", configTarget(p, s.current));
          await tx.configs.delete(s.current.id);
          await audit(tx, caller.audit, {
            workspaceId: p.workspaceId,
            projectId: p.id,
            configName: s.name,
            action: "config.delete",
            targetType: "config",
            targetId: s.current.id,
            before: stateJson(s.current),
          });
          configs.push({ name: s.name, kind: s.kind, version: null });
        }
      }
    });
    const revision = configs.length > 0 ? tx.feed.lastAppended : null;
    await audit(tx, caller.audit, {
      workspaceId: p.workspaceId,
      projectId: p.id,
      action: "project.rollback",
      targetType: "project",
      targetId: p.id,
      after: { ...extra, environmentId: req.environmentId, revision, configs },
    });
    return { ...previewOf(at, req, plan), revision, configs };
  });
}
