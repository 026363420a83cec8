// The webhook outbox is filled where every mutation already writes its audit row, in the same
// transaction as its entity rows and change-feed row: an acknowledged write always has its
// deliveries, and a rolled-back one has none. The audit row is the source because it names the
// actor and holds the state before and after, which the change feed does not carry.
import { endpointWants, eventFromAudit } from "../domain/webhook_events.ts";
import { newId, nowIso, toJson } from "./db.ts";
import type { auditRepo } from "./repos/audit.ts";
import type { webhookDeliveriesRepo } from "./repos/webhook_deliveries.ts";
import type { webhookEndpointsRepo } from "./repos/webhooks.ts";
import type { NewAuditEntry } from "./types.ts";

type AuditRepo = ReturnType<typeof auditRepo>;

const doorbell = new Set<() => void>();

/**
 * Calls `fn` after a transaction of this process that enqueued deliveries commits (dispatchers
 * of other instances hear the change feed's NOTIFY, or their safety timer).
 */
export function onWebhooksEnqueued(fn: () => void): () => void {
  doorbell.add(fn);
  return () => doorbell.delete(fn);
}

export function ringWebhookDoorbell(): void {
  for (const fn of doorbell) fn();
}

export function withWebhookOutbox(
  audit: AuditRepo,
  endpoints: ReturnType<typeof webhookEndpointsRepo>,
  deliveries: ReturnType<typeof webhookDeliveriesRepo>,
  afterCommit: (fn: () => void) => void,
): AuditRepo {
  return {
    ...audit,
    async append(entry: NewAuditEntry): Promise<void> {
      await audit.append(entry);
      if (entry.workspaceId === null) return;
      const wanting = (await endpoints.candidates(entry.workspaceId, entry.projectId))
        .filter((e) => endpointWants(e, entry));
      if (wanting.length === 0) return;
      const at = nowIso();
      const event = eventFromAudit(entry, `evt_${newId().replaceAll("-", "")}`, at)!;
      const payload = toJson(event);
      for (const endpoint of wanting) {
        await deliveries.enqueue({
          id: newId(),
          endpointId: endpoint.id,
          eventId: event.id,
          eventType: event.type,
          payload,
          at,
        });
      }
      afterCommit(ringWebhookDoorbell);
    },
  };
}
