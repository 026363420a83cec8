// A webhook endpoint's delivery log and the actions on it: send a test event, redeliver one
// delivery, replay every dead letter. Each enqueues in one transaction and rings the local
// dispatcher's doorbell when it commits (tx.afterCommit: a request's transaction may hold
// this one, and the dispatcher must not start inside it).
import { Invalid } from "../domain/errors.ts";
import { TEST_EVENT_TYPE, type WebhookEvent } from "../domain/webhook_events.ts";
import { newId, nowIso, toJson } from "../store/db.ts";
import type { DeliveryState, WebhookDelivery } from "../store/repos/webhook_deliveries.ts";
import type { Store, Tx } from "../store/store.ts";
import { ringWebhookDoorbell } from "../store/webhook_outbox.ts";
import { audit } from "./audit.ts";
import type { Caller } from "./caller.ts";
import { workspaceOr404 } from "./lookup.ts";
import { webhookOr404 } from "./webhooks.ts";

async function endpointFor(
  tx: Tx,
  caller: Caller,
  workspaceId: string,
  id: string,
  action: "webhook.read" | "webhook.write",
) {
  const w = await workspaceOr404(tx, workspaceId);
  caller.allow(action, { workspaceId: w.id });
  return await webhookOr404(tx, w.id, id);
}

export function listDeliveries(
  store: Store,
  caller: Caller,
  workspaceId: string,
  id: string,
  query: { state?: DeliveryState; beforeSeq?: number; limit: number },
): Promise<WebhookDelivery[]> {
  return store.read(async (tx) => {
    const e = await endpointFor(tx, caller, workspaceId, id, "webhook.read");
    return await tx.webhookDeliveries.list(e.id, query);
  });
}

/** Queues a webhook.test event for this endpoint alone, whatever its filter. */
export async function sendTestEvent(
  store: Store,
  caller: Caller,
  workspaceId: string,
  id: string,
): Promise<WebhookDelivery> {
  return await store.write(async (tx) => {
    const e = await endpointFor(tx, caller, workspaceId, id, "webhook.write");
    const at = nowIso();
    const event: WebhookEvent = {
      id: `evt_${newId().replaceAll("-", "")}`,
      type: TEST_EVENT_TYPE,
      occurredAt: at,
      workspace: { id: e.workspaceId },
      project: e.projectId === null ? null : { id: e.projectId },
      actor: { ...caller.audit.actor },
      target: { type: "webhook", id: e.id },
      data: { before: null, after: { message: "A test event from Dialtone" } },
    };
    const deliveryId = newId();
    await tx.webhookDeliveries.enqueue({
      id: deliveryId,
      endpointId: e.id,
      eventId: event.id,
      eventType: event.type,
      payload: toJson(event),
      at,
    });
    tx.afterCommit(ringWebhookDoorbell);
    return (await tx.webhookDeliveries.get(deliveryId))!;
  });
}

/** Sends one delivery's event again, as a new delivery at the end of the endpoint's queue. */
export async function redeliver(
  store: Store,
  caller: Caller,
  workspaceId: string,
  id: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  return await store.write(async (tx) => {
    const e = await endpointFor(tx, caller, workspaceId, id, "webhook.write");
    const d = await tx.webhookDeliveries.get(deliveryId);
    if (!d || d.endpointId !== e.id) {
      throw new Invalid(`Cannot redeliver: delivery "${deliveryId}" is not one of this webhook's`);
    }
    const copyId = newId();
    await tx.webhookDeliveries.enqueue({ ...d, id: copyId, at: nowIso() });
    await audit(tx, caller.audit, {
      workspaceId: e.workspaceId,
      projectId: e.projectId,
      action: "webhook.redeliver",
      targetType: "webhook",
      targetId: e.id,
      after: { deliveryId, eventId: d.eventId, newDeliveryId: copyId },
    });
    tx.afterCommit(ringWebhookDoorbell);
    return (await tx.webhookDeliveries.get(copyId))!;
  });
}

/** Puts every dead letter of the endpoint back in its queue, oldest first; answers how many. */
export async function replayDeadLetters(
  store: Store,
  caller: Caller,
  workspaceId: string,
  id: string,
): Promise<number> {
  return await store.write(async (tx) => {
    const e = await endpointFor(tx, caller, workspaceId, id, "webhook.write");
    const n = await tx.webhookDeliveries.replayDead(e.id, nowIso());
    await audit(tx, caller.audit, {
      workspaceId: e.workspaceId,
      projectId: e.projectId,
      action: "webhook.replay_dead_letters",
      targetType: "webhook",
      targetId: e.id,
      after: { replayed: n },
    });
    tx.afterCommit(ringWebhookDoorbell);
    return n;
  });
}
