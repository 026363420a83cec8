// The webhook dispatcher: claims due deliveries from the outbox with a lease (in a write
// transaction, which the store serializes across instances), POSTs them signed, and records the
// outcome. 2xx: delivered. 410: the endpoint is disabled. Anything else: retried with
// exponential backoff and jitter, then a dead letter. Per endpoint one delivery at a time, in
// order. It wakes when this process enqueues, when the change feed's doorbell rings (any
// instance wrote), when the next retry or lease falls due, and on a slow safety timer.
//
// Delivery is at least once: an instance killed after the receiver answered but before the
// outcome was recorded leaves a lease that another instance takes over after it runs out, and
// that one sends the event again with the same webhook-id, by which receivers deduplicate.
import { signedHeaders } from "../auth/webhook_signature.ts";
import type { Logger } from "../log.ts";
import { audit } from "../service/audit.ts";
import { signingSecrets } from "../service/webhooks.ts";
import { newId, unavailableReason } from "../store/db.ts";
import type { WebhookDelivery } from "../store/repos/webhook_deliveries.ts";
import type { Store } from "../store/store.ts";
import { onWebhooksEnqueued } from "../store/webhook_outbox.ts";
import { postWebhook } from "./webhook_http.ts";
import { DEFAULT_RETRY_DELAYS_MS, outcomeOf } from "./webhook_retry.ts";

export { DEFAULT_RETRY_DELAYS_MS } from "./webhook_retry.ts";

/**
 * Counters for the metrics endpoint (issue 16), for every dispatcher of this process: totals
 * since start, and the queue depth (pending deliveries, all instances) at the last look.
 */
export const webhookMetrics = {
  deliveriesTotal: 0,
  failuresTotal: 0,
  deadLettersTotal: 0,
  endpointsDisabledTotal: 0,
  queueDepth: 0,
};

export type DispatcherOptions = {
  secretKey: string;
  allowPrivate: boolean;
  timeoutMs?: number;
  /** See webhook_retry.ts. */
  retryDelaysMs?: readonly number[];
  jitter?: number;
  /** Endpoints served at once. */
  concurrency?: number;
  safetyTimerMs?: number;
  maxResponseBytes?: number;
  resolve?: (host: string) => Promise<string[]>;
};

export type WebhookDispatcher = {
  wake(): void;
  stop(): Promise<void>;
};

const SYSTEM = { actor: { type: "system" as const, id: null, label: "webhook dispatcher" } };
const PRUNE_EVERY_MS = 3_600_000;
const KEEP_DELIVERED_MS = 7 * 24 * 3_600_000;

export async function startWebhookDispatcher(
  store: Store,
  log: Logger,
  o: DispatcherOptions,
): Promise<WebhookDispatcher> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const retry = { delaysMs: o.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS, jitter: o.jitter ?? 0.2 };
  const concurrency = o.concurrency ?? 8;
  const safetyMs = o.safetyTimerMs ?? 60_000;
  // Longer than an attempt can take: the DNS check, the request, recording the outcome.
  const leaseMs = timeoutMs + (o.allowPrivate ? 0 : 5_000) + 5_000;
  const owner = `${Deno.pid}-${newId().slice(0, 8)}`;
  const policy = { allowPrivate: o.allowPrivate, resolve: o.resolve };
  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let running: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastPrune = 0;

  if (store.dialect === "sqlite") {
    // One process owns an embedded store: leases left by a crash are this process's own.
    await store.write((tx) => tx.webhookDeliveries.releaseLeases());
  }

  async function attempt(d: WebhookDelivery): Promise<void> {
    const endpoint = await store.read((tx) => tx.webhooks.get(d.endpointId));
    if (!endpoint) return; // deleted meanwhile, and its deliveries with it
    const now = Date.now();
    const headers = {
      "content-type": "application/json",
      "user-agent": "Dialtone-Webhooks/1",
      ...signedHeaders(
        signingSecrets(endpoint, o, now),
        d.eventId,
        Math.floor(now / 1000),
        d.payload,
      ),
    };
    const result = await postWebhook(endpoint.url, headers, d.payload, {
      timeoutMs,
      maxResponseBytes: o.maxResponseBytes ?? 65_536,
      keepResponseChars: 1_024,
      policy,
      signal: stopping.signal,
    });
    if (stopping.signal.aborted) {
      await store.write((tx) => tx.webhookDeliveries.unclaim(d.seq, owner)).catch(() => {});
      return;
    }
    const outcome = outcomeOf(retry, d.attempts, result, now);
    const kept = await store.write(async (tx) => {
      if (!await tx.webhookDeliveries.finish(d.seq, owner, outcome)) return false;
      if (result.outcome === "gone") {
        await tx.webhooks.update(endpoint.id, {
          enabled: false,
          disabledReason: `Disabled at ${outcome.attemptAt}: the endpoint answered 410 Gone`,
        });
        await audit(tx, { ...SYSTEM, requestId: null }, {
          workspaceId: endpoint.workspaceId,
          projectId: endpoint.projectId,
          action: "webhook.disable",
          targetType: "webhook",
          targetId: endpoint.id,
          after: { reason: "410 Gone", deliveryId: d.id },
        });
      }
      return true;
    });
    if (!kept) {
      log.warn("A webhook delivery's lease ran out before its outcome was recorded", {
        webhookId: endpoint.id,
        deliveryId: d.id,
      });
      return;
    }
    const fields = {
      webhookId: endpoint.id,
      deliveryId: d.id,
      eventType: d.eventType,
      status: result.status,
      attempt: d.attempts + 1,
    };
    if (result.outcome === "delivered") {
      webhookMetrics.deliveriesTotal++;
      log.debug("Webhook delivered", fields);
      return;
    }
    webhookMetrics.failuresTotal++;
    if (result.outcome === "gone") {
      webhookMetrics.endpointsDisabledTotal++;
      log.warn("Webhook endpoint disabled: it answered 410 Gone", fields);
    } else if (outcome.state === "dead") {
      webhookMetrics.deadLettersTotal++;
      log.warn("Webhook delivery is a dead letter after its last retry", {
        ...fields,
        error: result.error,
      });
    } else {
      log.debug("Webhook delivery failed; it will be retried", { ...fields, error: result.error });
    }
  }

  const claim = (limit: number) => {
    const now = Date.now();
    return store.write((tx) =>
      tx.webhookDeliveries.claim(
        owner,
        new Date(now).toISOString(),
        new Date(now + leaseMs).toISOString(),
        limit,
      )
    );
  };

  // A read first: most wake-ups (any change on any instance) find nothing due, and a claim is
  // a write transaction.
  const anyDue = async () => {
    const due = await store.read((tx) => tx.webhookDeliveries.nextDue());
    return due !== null && Date.parse(due) <= Date.now();
  };

  async function drain(): Promise<void> {
    while (!stopping.signal.aborted) {
      const free = concurrency - inFlight.size;
      const batch = free > 0 && await anyDue() ? await claim(free) : [];
      for (const d of batch) {
        const p: Promise<void> = attempt(d)
          .catch((error) =>
            log.warn("A webhook attempt failed to run", { deliveryId: d.id, error })
          )
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      if (inFlight.size === 0) return;
      // The next claim can find the next event of an endpoint that just finished.
      if (batch.length === 0 || inFlight.size >= concurrency) await Promise.race(inFlight);
    }
  }

  async function housekeeping(): Promise<void> {
    const depth = await store.read((tx) => tx.webhookDeliveries.queueDepth());
    webhookMetrics.queueDepth = depth;
    if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = Date.now();
      const before = new Date(Date.now() - KEEP_DELIVERED_MS).toISOString();
      await store.write((tx) => tx.webhookDeliveries.prune(before));
    }
  }

  async function schedule(): Promise<void> {
    clearTimeout(timer);
    if (stopping.signal.aborted) return;
    let wait = safetyMs;
    try {
      const due = await store.read((tx) => tx.webhookDeliveries.nextDue());
      if (due !== null) wait = Math.min(safetyMs, Math.max(0, Date.parse(due) - Date.now()));
    } catch { /* the primary is down: the safety timer tries again */ }
    if (stopping.signal.aborted) return;
    clearTimeout(timer);
    timer = setTimeout(wake, wait + 5);
  }

  function wake(): void {
    if (stopping.signal.aborted) return;
    if (running) {
      again = true;
      return;
    }
    again = false;
    running = (async () => {
      try {
        await drain();
        await housekeeping();
      } catch (error) {
        const reason = unavailableReason(error);
        if (reason) log.debug("Webhook dispatch paused: the primary is unavailable", { reason });
        else log.warn("Webhook dispatch failed", { error });
      }
    })().finally(async () => {
      running = null;
      if (again) wake();
      else await schedule();
    });
  }

  const unsubscribe = onWebhooksEnqueued(wake);
  const unlisten = await store.listen(() => wake());
  wake();

  return {
    wake,
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      unsubscribe();
      await unlisten();
      await Promise.allSettled([...inFlight]);
      await running;
    },
  };
}
