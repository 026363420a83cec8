// Scheduled changes: a config's full state (as a PUT sends it) applied at a set time, or a
// change now with its revert at a later time ("on at T, off at T2"). Scheduling checks the
// permissions and the state; firing (fireNextDue, run by src/jobs/scheduler.ts) claims the
// item in the transaction that applies it, re-checks it and applies it, or marks it failed.
import {
  changeActions,
  checkConfigState,
  type ConfigInput,
  type ConfigState,
  stateOf,
  toState,
} from "../domain/config_state.ts";
import { Conflict, DomainError, invalid, NotFound } from "../domain/errors.ts";
import { quote } from "../domain/names.ts";
import { prepareState } from "../domain/targeting/normalize.ts";
import {
  type OnConflict,
  ringSchedules,
  type Schedule,
  schedulesRepo,
  type ScheduleStatus,
} from "../store/repos/schedules.ts";
import type { Store, Tx } from "../store/store.ts";
import type { Config, Project } from "../store/types.ts";
import { audit } from "./audit.ts";
import { type Caller, callerOf, configTarget, projectTarget } from "./caller.ts";
import { configContext, passOrThrow, saveConfig } from "./config_write.ts";
import { passGate } from "./approval_gate.ts";
import { configOr404, projectOr404 } from "./lookup.ts";
import { type Linked, linked, pendingPair, revertIdOf } from "./schedule_pairs.ts";
import { loadTargeting } from "./targeting_context.ts";

export type { Linked, Schedule };

/** Fired this long after the due time (a restart, an outage) counts as late in the audit. */
export const LATE_AFTER_MS = 1_000;

export type ScheduleRequest = {
  at: string;
  config: ConfigInput;
  onConflict: OnConflict;
  comment: string;
  /** Also schedule putting back the config as it is now, at this later time. */
  revertAt?: string;
};

const iso = (t: string) => new Date(t).toISOString();

function future(action: string, field: string, t: string, after = Date.now()): string {
  if (Date.parse(t) <= after) {
    throw invalid(action, [{
      path: field,
      message: `${field} ${quote(t)} must be later than ${new Date(after).toISOString()}`,
    }]);
  }
  return iso(t);
}

/** What saveConfig checks, without writing: the caller's rights and the state's rules. */
async function checkedState(
  tx: Tx,
  caller: Caller,
  p: Project,
  current: Config,
  input: ConfigInput,
  action: string,
): Promise<ConfigState> {
  const made = toState(input, current.members);
  if (made.issues.length > 0) throw invalid(action, made.issues);
  const next = prepareState(made.state, current);
  for (const a of changeActions(current, next)) caller.allow(a, configTarget(p, current));
  // The scheduler fires with every right, so approval is asked for now, not at the due time.
  await passGate(tx, caller, p, current, next, false);
  const ctx = await configContext(tx, p, current.name);
  ctx.targeting = await loadTargeting(tx, p.id, new Map([[current.name, next]]), [current]);
  passOrThrow(action, checkConfigState(next, ctx));
  return stateOf(next);
}

export function scheduleChange(
  store: Store,
  caller: Caller,
  projectId: string,
  name: string,
  req: ScheduleRequest,
): Promise<Linked[]> {
  const action = `schedule a change of config "${name}"`;
  return store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    const current = await configOr404(tx, p, name);
    const dueAt = future(action, "at", req.at);
    const state = await checkedState(tx, caller, p, current, req.config, action);
    const repo = schedulesRepo(tx.db);
    const base = {
      projectId: p.id,
      configId: current.id,
      configName: current.name,
      onConflict: req.onConflict,
      comment: req.comment,
      actor: caller.audit.actor,
    };
    const change = await repo.create({ ...base, dueAt, state, baseVersion: current.version });
    const made: Linked[] = [{ ...change, revertId: null, revertOf: null }];
    if (req.revertAt !== undefined) {
      const revertAt = future(action, "revertAt", req.revertAt, Date.parse(dueAt));
      made[0]!.revertId = revertIdOf(change.id);
      made.push({
        revertId: null,
        revertOf: change.id,
        ...await repo.create({
          ...base,
          id: revertIdOf(change.id),
          dueAt: revertAt,
          state: stateOf(current),
          baseVersion: current.version + 1,
          comment: req.comment ? `Revert: ${req.comment}` : "Revert",
        }),
      });
    }
    for (const s of made) await auditSchedule(tx, caller, p, s, "schedule.create");
    tx.afterCommit(ringSchedules);
    return made;
  });
}

async function auditSchedule(tx: Tx, caller: Caller, p: Project, s: Schedule, action: string) {
  await audit(tx, caller.audit, {
    workspaceId: p.workspaceId,
    projectId: p.id,
    configName: s.configName,
    action,
    targetType: "schedule",
    targetId: s.id,
    after: {
      dueAt: s.dueAt,
      onConflict: s.onConflict,
      comment: s.comment,
      status: s.status,
      failure: s.failure,
    },
  });
}

async function scheduleOr404(tx: Tx, p: Project, id: string): Promise<Schedule> {
  const s = await schedulesRepo(tx.db).get(id);
  if (!s || s.projectId !== p.id) {
    throw new NotFound("other", `Scheduled change "${id}" not found in this project`);
  }
  return s;
}

export function listSchedules(
  store: Store,
  caller: Caller,
  projectId: string,
  status: ScheduleStatus | null,
): Promise<Linked[]> {
  return store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    return await linked(tx, p.id, await schedulesRepo(tx.db).list(p.id, status, 1000));
  });
}

export function getSchedule(store: Store, caller: Caller, projectId: string, id: string) {
  return store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    return (await linked(tx, p.id, [await scheduleOr404(tx, p, id)]))[0]!;
  });
}

export type ScheduleEdit = {
  at?: string;
  config?: ConfigInput;
  onConflict?: OnConflict;
  comment?: string;
  /** The time of its put-back (a change scheduled with revertAt); onConflict applies to both. */
  revertAt?: string;
};

/**
 * Edits or cancels (edit === null) a schedule that has not fired yet. Its put-back stays after
 * it: `revertAt` moves that too, and cancelling a change cancels its put-back.
 */
export function changeSchedule(
  store: Store,
  caller: Caller,
  projectId: string,
  id: string,
  edit: ScheduleEdit | null,
): Promise<Linked> {
  const action = edit ? `edit scheduled change "${id}"` : `cancel scheduled change "${id}"`;
  return store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    const s = await scheduleOr404(tx, p, id);
    if (s.status !== "pending") {
      throw new Conflict(`Cannot ${action}: it is ${s.status} already`);
    }
    const current = await configOr404(tx, p, s.configName);
    caller.allow("config.edit_value", configTarget(p, current));
    const repo = schedulesRepo(tx.db);
    const pair = await pendingPair(tx, s);
    const done: Schedule[] = [s];
    if (edit === null) {
      await repo.cancel(id);
      if (pair.revert) {
        await repo.cancel(pair.revert.id);
        done.push(pair.revert);
      }
    } else {
      const dueAt = edit.at === undefined ? s.dueAt : future(action, "at", edit.at);
      const revertAt = pairTimes(action, edit, dueAt, pair);
      await repo.edit(id, {
        dueAt,
        state: edit.config && await checkedState(tx, caller, p, current, edit.config, action),
        onConflict: edit.onConflict,
        comment: edit.comment,
      });
      if (pair.revert && (revertAt !== null || edit.onConflict !== undefined)) {
        await repo.edit(pair.revert.id, {
          dueAt: revertAt ?? undefined,
          onConflict: edit.onConflict,
        });
        done.push(pair.revert);
      }
    }
    for (const d of done) {
      const after = (await repo.get(d.id))!;
      await auditSchedule(tx, caller, p, after, edit ? "schedule.update" : "schedule.cancel");
    }
    tx.afterCommit(ringSchedules);
    return (await linked(tx, p.id, [(await repo.get(id))!]))[0]!;
  });
}

/**
 * The put-back's new time (null: unchanged), checking that a change stays before its pending
 * put-back and a put-back after its pending change.
 */
function pairTimes(
  action: string,
  edit: ScheduleEdit,
  dueAt: string,
  pair: { revert: Schedule | null; change: Schedule | null },
): string | null {
  const order = (field: string, message: string) => invalid(action, [{ path: field, message }]);
  if (edit.revertAt !== undefined && !pair.revert) {
    throw order(
      "revertAt",
      "revertAt can only be set on a change scheduled with a pending put-back",
    );
  }
  const revertAt = edit.revertAt === undefined
    ? null
    : future(action, "revertAt", edit.revertAt, Date.parse(dueAt));
  const putBack = revertAt ?? pair.revert?.dueAt;
  if (putBack !== undefined && Date.parse(dueAt) >= Date.parse(putBack)) {
    throw order("at", `at ${quote(dueAt)} must be earlier than its put-back at ${putBack}`);
  }
  if (pair.change && Date.parse(dueAt) <= Date.parse(pair.change.dueAt)) {
    throw order(
      "at",
      `at ${quote(dueAt)} must be later than the change it puts back, at ${pair.change.dueAt}`,
    );
  }
  return revertAt;
}

const SCHEDULER = (s: Schedule) =>
  callerOf({ kind: "superuser" }, {
    actor: { type: "system", id: null, label: `scheduler (for ${s.actor.label})` },
    requestId: null,
  });

export type Fired = { schedule: Schedule; applied: boolean; late: boolean };

/**
 * Claims the earliest due schedule and applies it in the same transaction, or marks it failed
 * with the reason. Null when nothing is due (or another instance holds what is).
 */
export function fireNextDue(store: Store, now = Date.now()): Promise<Fired | null> {
  return store.write(async (tx) => {
    const repo = schedulesRepo(tx.db);
    const s = await repo.claimDue(new Date(now).toISOString(), store.dialect === "postgres");
    if (!s) return null;
    const late = Date.now() - Date.parse(s.dueAt) > LATE_AFTER_MS;
    const caller = SCHEDULER(s);
    const p = (await tx.projects.get(s.projectId))!;
    let failure: string | null = null;
    let version: number | null = null;
    try {
      // A savepoint: a refused change leaves nothing behind but the failed mark.
      version = await store.write(async () => {
        const current = await tx.configs.get(p.id, s.configName);
        if (!current || current.id !== s.configId) {
          throw new NotFound("config", `config "${s.configName}" no longer exists`);
        }
        if (s.onConflict === "fail" && current.version !== s.baseVersion) {
          throw new Conflict(
            `config "${s.configName}" changed since it was scheduled ` +
              `(version ${s.baseVersion}, now ${current.version})`,
          );
        }
        const saved = await saveConfig(tx, caller, p, current, s.state, {
          action: `apply scheduled change "${s.id}"`,
          auditAction: "config.scheduled_update",
          auditExtra: {
            schedule: { id: s.id, dueAt: s.dueAt, late, scheduledBy: s.actor.label },
          },
        });
        return saved.config.version;
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      failure = error.message;
    }
    await repo.finish(s.id, { status: failure ? "failed" : "applied", version, late }, failure);
    const done = (await repo.get(s.id))!;
    if (failure) await auditSchedule(tx, caller, p, done, "schedule.fail");
    return { schedule: done, applied: failure === null, late };
  });
}

/** When the next pending schedule is due, in ms since the epoch; null when none is. */
export async function nextDueAt(store: Store): Promise<number | null> {
  const t = await store.read((tx) => schedulesRepo(tx.db).nextDue());
  return t === null ? null : Date.parse(t);
}
