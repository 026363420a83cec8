// "Turn on at T, off at T2": a scheduled change and its put-back. The put-back's id is derived
// from its change's id, so the pair needs no column of its own and each finds the other exactly.
import { createHash } from "node:crypto";
import { type Schedule, schedulesRepo } from "../store/repos/schedules.ts";
import type { Tx } from "../store/store.ts";

export type Linked = Schedule & {
  /** This change's put-back (any status); null when it was scheduled without one. */
  revertId: string | null;
  /** The pending change this item puts back; null for a change, or once that one is done. */
  revertOf: string | null;
};

/** The id of the put-back of schedule `id`: a UUID-shaped hash (version 8, RFC 9562). */
export function revertIdOf(id: string): string {
  const h = createHash("sha256").update(`dialtone/schedule-revert\0${id}`).digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 3) | 8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${
    h.slice(20, 32)
  }`;
}

/** The schedules with their links, from two small queries whatever their number. */
export async function linked(tx: Tx, projectId: string, list: Schedule[]): Promise<Linked[]> {
  const repo = schedulesRepo(tx.db);
  const reverts = await repo.existing(list.map((s) => revertIdOf(s.id)));
  const pending = await repo.list(projectId, "pending", 1000);
  const changeOf = new Map(pending.map((s) => [revertIdOf(s.id), s.id]));
  return list.map((s) => ({
    ...s,
    revertId: reverts.has(revertIdOf(s.id)) ? revertIdOf(s.id) : null,
    revertOf: changeOf.get(s.id) ?? null,
  }));
}

/** The pending put-back of `s`, or the pending change `s` puts back (each null when none). */
export async function pendingPair(
  tx: Tx,
  s: Schedule,
): Promise<{ revert: Schedule | null; change: Schedule | null }> {
  const repo = schedulesRepo(tx.db);
  const revert = await repo.get(revertIdOf(s.id));
  const pending = await repo.list(s.projectId, "pending", 1000);
  const change = pending.find((p) => revertIdOf(p.id) === s.id) ?? null;
  return { revert: revert?.status === "pending" ? revert : null, change };
}
