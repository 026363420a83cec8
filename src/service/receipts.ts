// Reads of what every instance stored about its SDK clients (src/observability/
// drift_recorder.ts writes it): the streams of an environment with their receipts, and the
// propagation summary of each config version.
import { type PropagationSummary, summarize } from "../observability/propagation_summary.ts";
import { receiptsRepo, type StoredClient, type StoredReceipt } from "../store/repos/receipts.ts";
import type { Tx } from "../store/store.ts";
import type { ConfigVersion } from "../store/types.ts";

/** Streams of the environment on instances seen since `liveSinceMs`, and their clients' receipts. */
export async function storedClients(
  tx: Tx,
  environmentId: string,
  liveSinceMs: number,
): Promise<{ clients: StoredClient[]; receipts: StoredReceipt[] }> {
  const repo = receiptsRepo(tx.db);
  const clients = await repo.clients(environmentId, liveSinceMs);
  const receipts = await repo.receipts([...new Set(clients.map((c) => c.keyId))]);
  return { clients, receipts };
}

export type VersionWithPropagation = ConfigVersion & { propagation: PropagationSummary[] };

/** The versions, each with its summary per environment (empty: no client was connected). */
export async function withPropagation(
  tx: Tx,
  configId: string,
  versions: ConfigVersion[],
): Promise<VersionWithPropagation[]> {
  const rows = versions.length === 0 ? [] : await receiptsRepo(tx.db).propagation(
    configId,
    Math.min(...versions.map((v) => v.version)),
  );
  const byVersion = summarize(rows);
  return versions.map((v) => ({ ...v, propagation: byVersion.get(v.version) ?? [] }));
}
