// The webhook outbox: one row per (event, endpoint), written in the transaction of the change
// it reports. Per endpoint only the oldest unfinished delivery (lowest seq) is ever attempted,
// so events arrive in order. A claim is a lease: the dispatcher that holds it owns the
// attempt until lease_until; a crashed dispatcher's lease runs out and another takes over.
import type { Db, Param } from "../db.ts";

export type DeliveryState = "pending" | "delivering" | "delivered" | "dead";

export type WebhookDelivery = {
  seq: number;
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  /** The JSON body sent. */
  payload: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string;
  leaseOwner: string | null;
  leaseUntil: string | null;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  /** The first bytes of the last response body. */
  lastResponse: string | null;
  lastLatencyMs: number | null;
  createdAt: string;
  deliveredAt: string | null;
};

/** What one attempt changed. */
export type AttemptOutcome = {
  state: "pending" | "delivered" | "dead";
  nextAttemptAt: string;
  attemptAt: string;
  status: number | null;
  error: string | null;
  response: string | null;
  latencyMs: number;
};

type Row = {
  seq: number;
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  payload: string;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  last_response: string | null;
  last_latency_ms: number | null;
  created_at: string;
  delivered_at: string | null;
};

const COLUMNS = "seq, id, endpoint_id, event_id, event_type, payload, state, attempts, " +
  "next_attempt_at, lease_owner, lease_until, last_attempt_at, last_status, last_error, " +
  "last_response, last_latency_ms, created_at, delivered_at";

const num = (v: number | null) => (v === null ? null : Number(v));

const toDelivery = (r: Row): WebhookDelivery => ({
  seq: Number(r.seq),
  id: r.id,
  endpointId: r.endpoint_id,
  eventId: r.event_id,
  eventType: r.event_type,
  payload: r.payload,
  state: r.state,
  attempts: Number(r.attempts),
  nextAttemptAt: r.next_attempt_at,
  leaseOwner: r.lease_owner,
  leaseUntil: r.lease_until,
  lastAttemptAt: r.last_attempt_at,
  lastStatus: num(r.last_status),
  lastError: r.last_error,
  lastResponse: r.last_response,
  lastLatencyMs: num(r.last_latency_ms),
  createdAt: r.created_at,
  deliveredAt: r.delivered_at,
});

const HEAD = `d.seq = (SELECT min(x.seq) FROM webhook_deliveries x
  WHERE x.endpoint_id = d.endpoint_id AND x.state IN ('pending', 'delivering'))`;

// The head of each endpoint's queue that may be attempted now: pending and due, or claimed by a
// dispatcher whose lease ran out. Its endpoint must be enabled.
const DUE_HEADS = `FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
  WHERE e.enabled = $2
  AND ((d.state = 'pending' AND d.next_attempt_at <= $1)
    OR (d.state = 'delivering' AND d.lease_until <= $1))
  AND ${HEAD}`;

export function webhookDeliveriesRepo(db: Db) {
  return {
    async enqueue(d: {
      id: string;
      endpointId: string;
      eventId: string;
      eventType: string;
      payload: string;
      at: string;
    }): Promise<void> {
      await db.run(
        `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, payload, state,
         attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $6)`,
        [d.id, d.endpointId, d.eventId, d.eventType, d.payload, d.at],
      );
    },

    /** Leases up to `limit` due deliveries (at most one per endpoint) to `owner`. */
    async claim(owner: string, now: string, leaseUntil: string, limit: number) {
      const rows = await db.all<Row>(
        `SELECT ${COLUMNS.replace(/(^|, )/g, "$1d.")} ${DUE_HEADS}
         ORDER BY d.seq LIMIT $3`,
        [now, true, limit],
      );
      for (const r of rows) {
        await db.run(
          `UPDATE webhook_deliveries SET state = 'delivering', lease_owner = $2, lease_until = $3
           WHERE seq = $1`,
          [r.seq, owner, leaseUntil],
        );
      }
      return rows.map((r) => ({ ...toDelivery(r), leaseOwner: owner, leaseUntil }));
    },

    /** Records an attempt if `owner` still holds the lease; false when it lost it. */
    async finish(seq: number, owner: string, o: AttemptOutcome): Promise<boolean> {
      return await db.run(
        `UPDATE webhook_deliveries SET state = $3, attempts = attempts + 1,
         next_attempt_at = $4, lease_owner = NULL, lease_until = NULL, last_attempt_at = $5,
         last_status = $6, last_error = $7, last_response = $8, last_latency_ms = $9,
         delivered_at = $10
         WHERE seq = $1 AND lease_owner = $2 AND state = 'delivering'`,
        [
          seq,
          owner,
          o.state,
          o.nextAttemptAt,
          o.attemptAt,
          o.status,
          o.error,
          o.response,
          Math.round(o.latencyMs),
          o.state === "delivered" ? o.attemptAt : null,
        ],
      ) > 0;
    },

    /** Gives a lease back without counting an attempt (the dispatcher is stopping). */
    async unclaim(seq: number, owner: string): Promise<void> {
      await db.run(
        `UPDATE webhook_deliveries SET state = 'pending', lease_owner = NULL, lease_until = NULL
         WHERE seq = $1 AND lease_owner = $2 AND state = 'delivering'`,
        [seq, owner],
      );
    },

    async get(id: string): Promise<WebhookDelivery | null> {
      const r = await db.get<Row>(`SELECT ${COLUMNS} FROM webhook_deliveries WHERE id = $1`, [id]);
      return r ? toDelivery(r) : null;
    },

    /** Newest first; `beforeSeq` pages further back. */
    async list(
      endpointId: string,
      o: { state?: DeliveryState; beforeSeq?: number; limit: number },
    ): Promise<WebhookDelivery[]> {
      const where = ["endpoint_id = $1"];
      const params: Param[] = [endpointId];
      if (o.state) {
        params.push(o.state);
        where.push(`state = $${params.length}`);
      }
      if (o.beforeSeq !== undefined) {
        params.push(o.beforeSeq);
        where.push(`seq < $${params.length}`);
      }
      params.push(o.limit);
      const rows = await db.all<Row>(
        `SELECT ${COLUMNS} FROM webhook_deliveries WHERE ${where.join(" AND ")}
         ORDER BY seq DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(toDelivery);
    },

    /** Dead letters of the endpoint go back in its queue, in their first order. */
    async replayDead(endpointId: string, now: string): Promise<number> {
      return await db.run(
        `UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at = $2
         WHERE endpoint_id = $1 AND state = 'dead'`,
        [endpointId, now],
      );
    },

    /** When the next delivery falls due (a retry, or a lease running out); null when none. */
    async nextDue(): Promise<string | null> {
      const r = await db.get<{ at: string | null }>(
        `SELECT min(CASE WHEN d.state = 'pending' THEN d.next_attempt_at ELSE d.lease_until END)
         AS at FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
         WHERE e.enabled = $1 AND d.state IN ('pending', 'delivering') AND ${HEAD}`,
        [true],
      );
      return r?.at ?? null;
    },

    /** Deliveries not yet delivered or dead, on every endpoint. */
    async queueDepth(): Promise<number> {
      const r = await db.get<{ n: number }>(
        `SELECT count(*) AS n FROM webhook_deliveries WHERE state IN ('pending', 'delivering')`,
      );
      return Number(r?.n ?? 0);
    },

    /** Delivered deliveries older than `before` (ISO time); dead letters stay until replayed. */
    async prune(before: string): Promise<number> {
      return await db.run(
        `DELETE FROM webhook_deliveries WHERE state = 'delivered' AND created_at < $1`,
        [before],
      );
    },

    /** Frees every lease: only for embedded mode at start, where no other dispatcher runs. */
    async releaseLeases(): Promise<number> {
      return await db.run(
        `UPDATE webhook_deliveries SET state = 'pending', lease_owner = NULL, lease_until = NULL
         WHERE state = 'delivering'`,
      );
    },
  };
}
