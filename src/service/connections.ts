// The SDK connections of an environment, across instances: the streams every live instance
// stored in the primary, with this instance's own taken fresh from memory, and each client's
// newest receipt (stored or just received here). Who may see them: whoever may list the
// project's environments.
import type { ClientState } from "../observability/drift.ts";
import type { Receipt } from "../observability/receipts.ts";
import type { Store } from "../store/store.ts";
import type { StoredClient } from "../store/repos/receipts.ts";
import type { Environment } from "../store/types.ts";
import { type Caller, projectTarget } from "./caller.ts";
import { environmentOr404, projectOr404 } from "./lookup.ts";
import { storedClients } from "./receipts.ts";

/** What this instance knows first-hand (src/observability/drift_recorder.ts). */
export type LocalDrift = {
  instanceId: string;
  /** Rows older than this belong to instances that stopped flushing. */
  liveSinceMs(): number;
  liveClients(environmentId: string): StoredClient[];
  receipt(keyId: string, clientId: string): Receipt | undefined;
};

export function listConnections(
  store: Store,
  caller: Caller,
  projectId: string,
  environmentId: string,
  local: LocalDrift | null,
): Promise<{ environment: Environment; clients: ClientState[] }> {
  return store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("environment.read", projectTarget(p));
    const environment = await environmentOr404(tx, p, environmentId);
    const stored = local
      ? await storedClients(tx, environment.id, local.liveSinceMs())
      : { clients: [], receipts: [] };
    const receipts = new Map(stored.receipts.map((r) => [`${r.keyId}\0${r.clientId}`, r]));
    const rows = [
      ...stored.clients.filter((c) => c.instanceId !== local?.instanceId),
      ...(local?.liveClients(environment.id) ?? []),
    ];
    const clients = rows.map((c): ClientState => {
      const kept = receipts.get(`${c.keyId}\0${c.clientId}`);
      const fresh = local?.receipt(c.keyId, c.clientId);
      const newest = !kept || (fresh && fresh.revision >= kept.revision)
        ? (fresh ? { revision: fresh.revision, at: fresh.at } : null)
        : { revision: kept.revision, at: kept.ackedMs };
      return {
        clientId: c.clientId,
        instanceId: c.instanceId,
        userAgent: c.userAgent,
        address: c.address,
        connectedAt: c.connectedMs,
        sentRevision: c.sentRevision,
        ackedRevision: newest?.revision ?? null,
        ackedAt: newest?.at ?? null,
        behind: !c.reading,
      };
    });
    return { environment, clients };
  });
}
