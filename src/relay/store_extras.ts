// What a snapshot of the primary adds for relays (relay_types.ts), read in its transaction.
import { relayKeysRepo } from "../store/repos/relay_keys.ts";
import type { Tx } from "../store/store.ts";
import type { RelaySnapshotExtras } from "./relay_types.ts";

export async function relaySnapshotExtras(tx: Tx): Promise<Required<RelaySnapshotExtras>> {
  const projects = (await tx.projects.list(null)).map((p) => ({
    id: p.id,
    workspaceId: p.workspaceId,
  }));
  return { projects, relayKeys: await relayKeysRepo(tx.db, tx.feed).all() };
}
