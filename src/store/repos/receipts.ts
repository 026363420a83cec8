// SDK drift across instances (migrations/*/0009_sdk_drift.sql): the streams each instance
// holds, delivery receipts by SDK key and client id, and how long each revision took to reach
// an environment's clients on each instance. Written by every instance's flush
// (src/service/receipts.ts), read by the connections view and the config history.
import { type Db, fromJson, toJson } from "../db.ts";

export type StoredClient = {
  instanceId: string;
  streamId: number;
  environmentId: string;
  keyId: string;
  clientId: string;
  userAgent: string;
  address: string;
  connectedMs: number;
  sentRevision: number;
  reading: boolean;
};

export type StoredReceipt = { keyId: string; clientId: string; revision: number; ackedMs: number };

/** [ms from commit to delivery, how many clients got it then], ascending. */
export type Samples = [number, number][];

export type StoredPropagation = {
  instanceId: string;
  environmentId: string;
  revision: number;
  configId: string;
  version: number;
  committedMs: number;
  /** Streams of the environment on that instance when the revision reached its hub. */
  clients: number;
  samples: Samples;
};

type ClientRow = {
  instance_id: string;
  stream_id: number;
  environment_id: string;
  key_id: string;
  client_id: string;
  user_agent: string;
  address: string;
  connected_ms: number;
  sent_revision: number;
  reading: number;
};

type PropagationRow = {
  instance_id: string;
  environment_id: string;
  revision: number;
  config_id: string;
  version: number;
  committed_ms: number;
  clients: number;
  samples: string;
};

export function receiptsRepo(db: Db) {
  return {
    /** The instance's heartbeat: its rows count as live while `seen_ms` is recent. */
    async heartbeat(instanceId: string, startedMs: number, nowMs: number): Promise<void> {
      await db.run(
        `INSERT INTO sdk_instances (instance_id, started_ms, seen_ms) VALUES ($1, $2, $3)
         ON CONFLICT (instance_id) DO UPDATE SET seen_ms = excluded.seen_ms`,
        [instanceId, startedMs, nowMs],
      );
    },

    async putClients(clients: StoredClient[]): Promise<void> {
      for (const c of clients) {
        await db.run(
          `INSERT INTO sdk_clients (instance_id, stream_id, environment_id, key_id, client_id,
             user_agent, address, connected_ms, sent_revision, reading)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (instance_id, stream_id) DO UPDATE SET
             sent_revision = excluded.sent_revision, reading = excluded.reading`,
          [
            c.instanceId,
            c.streamId,
            c.environmentId,
            c.keyId,
            c.clientId,
            c.userAgent,
            c.address,
            c.connectedMs,
            c.sentRevision,
            c.reading ? 1 : 0,
          ],
        );
      }
    },

    async deleteClients(instanceId: string, streamIds: number[]): Promise<void> {
      for (const id of streamIds) {
        await db.run(`DELETE FROM sdk_clients WHERE instance_id = $1 AND stream_id = $2`, [
          instanceId,
          id,
        ]);
      }
    },

    /** An instance that stops: its streams are gone. */
    async removeInstance(instanceId: string): Promise<void> {
      await db.run(`DELETE FROM sdk_clients WHERE instance_id = $1`, [instanceId]);
      await db.run(`DELETE FROM sdk_instances WHERE instance_id = $1`, [instanceId]);
    },

    /** Streams of the environment held by instances seen since `liveSinceMs`. */
    async clients(environmentId: string, liveSinceMs: number): Promise<StoredClient[]> {
      const rows = await db.all<ClientRow>(
        `SELECT c.* FROM sdk_clients c JOIN sdk_instances i ON i.instance_id = c.instance_id
         WHERE c.environment_id = $1 AND i.seen_ms >= $2
         ORDER BY c.connected_ms, c.instance_id, c.stream_id`,
        [environmentId, liveSinceMs],
      );
      return rows.map((r) => ({
        instanceId: r.instance_id,
        streamId: Number(r.stream_id),
        environmentId: r.environment_id,
        keyId: r.key_id,
        clientId: r.client_id,
        userAgent: r.user_agent,
        address: r.address,
        connectedMs: Number(r.connected_ms),
        sentRevision: Number(r.sent_revision),
        reading: Number(r.reading) === 1,
      }));
    },

    /** Keeps the newest revision per client (an older receipt never replaces a newer one). */
    async putReceipts(receipts: StoredReceipt[]): Promise<void> {
      for (const r of receipts) {
        await db.run(
          `INSERT INTO sdk_receipts (key_id, client_id, revision, acked_ms) VALUES ($1, $2, $3, $4)
           ON CONFLICT (key_id, client_id) DO UPDATE SET
             revision = excluded.revision, acked_ms = excluded.acked_ms
           WHERE excluded.revision >= sdk_receipts.revision`,
          [r.keyId, r.clientId, r.revision, r.ackedMs],
        );
      }
    },

    /** The receipts of the SDK keys' clients. */
    async receipts(keyIds: string[]): Promise<StoredReceipt[]> {
      const out: StoredReceipt[] = [];
      for (const keyId of keyIds) {
        const rows = await db.all<
          { key_id: string; client_id: string; revision: number; acked_ms: number }
        >(`SELECT * FROM sdk_receipts WHERE key_id = $1`, [keyId]);
        for (const r of rows) {
          out.push({
            keyId: r.key_id,
            clientId: r.client_id,
            revision: Number(r.revision),
            ackedMs: Number(r.acked_ms),
          });
        }
      }
      return out;
    },

    async putPropagation(rows: StoredPropagation[]): Promise<void> {
      for (const p of rows) {
        await db.run(
          `INSERT INTO sdk_propagation (instance_id, environment_id, revision, config_id,
             version, committed_ms, clients, samples) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (instance_id, environment_id, revision, config_id) DO UPDATE SET
             clients = excluded.clients, samples = excluded.samples`,
          [
            p.instanceId,
            p.environmentId,
            p.revision,
            p.configId,
            p.version,
            p.committedMs,
            p.clients,
            toJson(p.samples),
          ],
        );
      }
    },

    /** Every instance's row for the config's versions from `minVersion` on. */
    async propagation(configId: string, minVersion: number): Promise<StoredPropagation[]> {
      const rows = await db.all<PropagationRow>(
        `SELECT * FROM sdk_propagation WHERE config_id = $1 AND version >= $2
         ORDER BY version, environment_id, instance_id`,
        [configId, minVersion],
      );
      return rows.map((r) => ({
        instanceId: r.instance_id,
        environmentId: r.environment_id,
        revision: Number(r.revision),
        configId: r.config_id,
        version: Number(r.version),
        committedMs: Number(r.committed_ms),
        clients: Number(r.clients),
        samples: fromJson<Samples>(r.samples),
      }));
    },

    /** Forgets instances unseen since `deadBeforeMs` and receipts and summaries older than `oldMs`. */
    async prune(deadBeforeMs: number, oldMs: number): Promise<void> {
      await db.run(
        `DELETE FROM sdk_clients WHERE instance_id IN
           (SELECT instance_id FROM sdk_instances WHERE seen_ms < $1)`,
        [deadBeforeMs],
      );
      await db.run(`DELETE FROM sdk_instances WHERE seen_ms < $1`, [deadBeforeMs]);
      await db.run(`DELETE FROM sdk_receipts WHERE acked_ms < $1`, [oldMs]);
      await db.run(`DELETE FROM sdk_propagation WHERE committed_ms < $1`, [oldMs]);
    },
  };
}

export type ReceiptsRepo = ReturnType<typeof receiptsRepo>;
