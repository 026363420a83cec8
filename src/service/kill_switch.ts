// The kill switch: one call serves a safe value in one environment (or all) with its overrides
// suspended, atomically, with a mandatory reason; it bypasses approvals. Undo restores what the
// kill replaced. Both are config writes through saveConfig (version, audit, change feed).
import { stateOf } from "../domain/config_state.ts";
import { Conflict, NotFound } from "../domain/errors.ts";
import { killedState, undoneState } from "../domain/kill_switch.ts";
import type { Json } from "../domain/overrides.ts";
import { type KillSwitch, killSwitchesRepo } from "../store/repos/kill_switches.ts";
import type { Store } from "../store/store.ts";
import type { Config } from "../store/types.ts";
import { type Caller, configTarget, projectTarget } from "./caller.ts";
import { saveConfig } from "./config_write.ts";
import { configOr404, environmentOr404, projectOr404 } from "./lookup.ts";

export type { KillSwitch };

export type KillRequest = {
  value: Json;
  /** null: every environment. */
  environmentId: string | null;
  reason: string;
};

export type Killed = { killSwitch: KillSwitch; config: Config };

export function killConfig(
  store: Store,
  caller: Caller,
  projectId: string,
  name: string,
  req: KillRequest,
): Promise<Killed> {
  const action = `switch off config "${name}"`;
  return store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    const current = await configOr404(tx, p, name);
    caller.allow("config.kill_switch", configTarget(p, current));
    if (req.environmentId !== null) await environmentOr404(tx, p, req.environmentId);
    const repo = killSwitchesRepo(tx.db);
    const [active] = await repo.activeFor(current.id);
    if (active) {
      throw new Conflict(
        `Cannot ${action}: kill switch ${active.id} (${active.createdAt}) is still in force; ` +
          "undo it first",
      );
    }
    const killSwitch = await repo.create({
      projectId: p.id,
      configId: current.id,
      configName: current.name,
      environmentId: req.environmentId,
      value: req.value,
      reason: req.reason,
      before: stateOf(current),
      // Writes take turns, so the save below makes exactly this version.
      killedVersion: current.version + 1,
      actorLabel: caller.audit.actor.label,
    });
    const { config } = await saveConfig(
      tx,
      caller,
      p,
      current,
      killedState(current, req.value, req.environmentId),
      {
        action,
        auditAction: "config.kill_switch",
        auditExtra: {
          killSwitch: {
            id: killSwitch.id,
            environmentId: req.environmentId,
            reason: req.reason,
          },
        },
        bypassApproval: true,
      },
    );
    return { killSwitch, config };
  });
}

export function undoKill(
  store: Store,
  caller: Caller,
  projectId: string,
  killSwitchId: string,
): Promise<Killed> {
  return store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    const repo = killSwitchesRepo(tx.db);
    const ks = await repo.get(killSwitchId);
    if (!ks || ks.projectId !== p.id) {
      throw new NotFound("other", `Kill switch "${killSwitchId}" not found in this project`);
    }
    const action = `undo kill switch "${ks.id}" of config "${ks.configName}"`;
    if (ks.undoneAt !== null) {
      throw new Conflict(`Cannot ${action}: ${ks.undoneBy} undid it at ${ks.undoneAt}`);
    }
    const current = await configOr404(tx, p, ks.configName);
    caller.allow("config.kill_switch", configTarget(p, current));
    const envs = new Set((await tx.environments.list(p.id)).map((e) => e.id));
    const { config } = await saveConfig(
      tx,
      caller,
      p,
      current,
      undoneState(current, ks.before, ks.environmentId, envs),
      {
        action,
        auditAction: "config.kill_switch_undo",
        auditExtra: { killSwitch: { id: ks.id, environmentId: ks.environmentId } },
        bypassApproval: true,
      },
    );
    await repo.markUndone(ks.id, caller.audit.actor.label, config.version);
    return { killSwitch: (await repo.get(ks.id))!, config };
  });
}

export function listKillSwitches(
  store: Store,
  caller: Caller,
  projectId: string,
  active: boolean,
): Promise<KillSwitch[]> {
  return store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    return await killSwitchesRepo(tx.db).list(p.id, active, 500);
  });
}
