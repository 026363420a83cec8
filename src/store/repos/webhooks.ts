// Webhook endpoints. Their signing secrets are stored sealed (src/auth/secret_box.ts); this
// repo never sees them in the clear. Deliveries (the outbox) are in webhook_deliveries.ts.
import { type Db, fromJson, nowIso, toJson } from "../db.ts";

export type WebhookEndpoint = {
  id: string;
  workspaceId: string;
  /** null: every project of the workspace. */
  projectId: string | null;
  /** null: every environment. */
  environmentId: string | null;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  /** Why the server disabled it (a 410), or null. */
  disabledReason: string | null;
  sealedSecret: string;
  sealedPreviousSecret: string | null;
  previousSecretUntil: string | null;
  createdAt: string;
  updatedAt: string;
};

export type NewWebhookEndpoint = Omit<WebhookEndpoint, "createdAt" | "updatedAt">;
export type EndpointChange = Partial<
  Pick<
    WebhookEndpoint,
    | "url"
    | "description"
    | "events"
    | "projectId"
    | "environmentId"
    | "enabled"
    | "disabledReason"
    | "sealedSecret"
    | "sealedPreviousSecret"
    | "previousSecretUntil"
  >
>;

type Row = {
  id: string;
  workspace_id: string;
  project_id: string | null;
  environment_id: string | null;
  url: string;
  description: string;
  events: string;
  enabled: boolean | number;
  disabled_reason: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: string | null;
  created_at: string;
  updated_at: string;
};

const COLUMNS = "id, workspace_id, project_id, environment_id, url, description, events, " +
  "enabled, disabled_reason, secret, previous_secret, previous_secret_until, created_at, updated_at";

const COLUMN_OF: Record<keyof EndpointChange, string> = {
  url: "url",
  description: "description",
  events: "events",
  projectId: "project_id",
  environmentId: "environment_id",
  enabled: "enabled",
  disabledReason: "disabled_reason",
  sealedSecret: "secret",
  sealedPreviousSecret: "previous_secret",
  previousSecretUntil: "previous_secret_until",
};

export const toEndpoint = (r: Row): WebhookEndpoint => ({
  id: r.id,
  workspaceId: r.workspace_id,
  projectId: r.project_id,
  environmentId: r.environment_id,
  url: r.url,
  description: r.description,
  events: fromJson(r.events),
  enabled: Boolean(r.enabled),
  disabledReason: r.disabled_reason,
  sealedSecret: r.secret,
  sealedPreviousSecret: r.previous_secret,
  previousSecretUntil: r.previous_secret_until,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function webhookEndpointsRepo(db: Db) {
  return {
    async create(e: NewWebhookEndpoint): Promise<WebhookEndpoint> {
      const at = nowIso();
      await db.run(
        `INSERT INTO webhook_endpoints (${COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
        [
          e.id,
          e.workspaceId,
          e.projectId,
          e.environmentId,
          e.url,
          e.description,
          toJson(e.events),
          e.enabled,
          e.disabledReason,
          e.sealedSecret,
          e.sealedPreviousSecret,
          e.previousSecretUntil,
          at,
        ],
      );
      return { ...e, createdAt: at, updatedAt: at };
    },

    async get(id: string): Promise<WebhookEndpoint | null> {
      const r = await db.get<Row>(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = $1`, [id]);
      return r ? toEndpoint(r) : null;
    },

    async list(workspaceId: string): Promise<WebhookEndpoint[]> {
      const rows = await db.all<Row>(
        `SELECT ${COLUMNS} FROM webhook_endpoints WHERE workspace_id = $1 ORDER BY created_at, id`,
        [workspaceId],
      );
      return rows.map(toEndpoint);
    },

    async count(workspaceId: string): Promise<number> {
      const r = await db.get<{ n: number }>(
        `SELECT count(*) AS n FROM webhook_endpoints WHERE workspace_id = $1`,
        [workspaceId],
      );
      return Number(r?.n ?? 0);
    },

    /** Enabled endpoints that may want an event of this workspace and project. */
    async candidates(workspaceId: string, projectId: string | null): Promise<WebhookEndpoint[]> {
      const rows = await db.all<Row>(
        `SELECT ${COLUMNS} FROM webhook_endpoints
         WHERE workspace_id = $1 AND enabled = $2 AND (project_id IS NULL OR project_id = $3)
         ORDER BY created_at, id`,
        [workspaceId, true, projectId],
      );
      return rows.map(toEndpoint);
    },

    async update(id: string, change: EndpointChange): Promise<WebhookEndpoint | null> {
      const sets: string[] = [];
      const params: (string | number | boolean | null)[] = [id];
      for (const [k, v] of Object.entries(change) as [keyof EndpointChange, unknown][]) {
        if (v === undefined) continue;
        params.push(k === "events" ? toJson(v) : v as string | boolean | null);
        sets.push(`${COLUMN_OF[k]} = $${params.length}`);
      }
      params.push(nowIso());
      sets.push(`updated_at = $${params.length}`);
      await db.run(`UPDATE webhook_endpoints SET ${sets.join(", ")} WHERE id = $1`, params);
      return await this.get(id);
    },

    async delete(id: string): Promise<boolean> {
      return await db.run(`DELETE FROM webhook_endpoints WHERE id = $1`, [id]) > 0;
    },
  };
}
