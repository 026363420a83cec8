// Approval rules and change requests (migration 0011). A change request keeps the full state it
// proposes and the state and version it was based on; its events are the discussion and the
// reviews, oldest first. The apply step locks the row (FOR UPDATE in Postgres; SQLite has one
// writer), so a request is applied once however many instances approve it at the same time.
// A request of a sensitive config (or one that makes a config sensitive) stores both states
// sealed as version snapshots are: description and members readable, base and variants in
// `sealed` under the project's data key (docs/sensitive_values.md).
import type { ApprovalRule, ApproverRank } from "../../domain/approval.ts";
import type { ConfigState } from "../../domain/config_state.ts";
import { type SealedBody, sealedBodyOf } from "../../domain/sensitive.ts";
import { type Db, fromJson, newId, nowIso, type Param, toJson } from "../db.ts";
import type { Actor } from "../types.ts";
import type { DataKeys } from "./data_keys.ts";

export type ChangeRequestStatus = "open" | "applied" | "rejected" | "withdrawn" | "superseded";
export type EventKind =
  | "comment"
  | "approve"
  | "request_changes"
  | "reject"
  | "withdraw"
  | "apply"
  | "rebase";
type Who = Actor & { label: string };

export type StoredRule = ApprovalRule & { updatedBy: string; updatedAt: string };

export type ChangeRequest = {
  id: string;
  projectId: string;
  configId: string;
  configName: string;
  environmentIds: string[];
  title: string;
  description: string;
  reviewers: string[];
  state: ConfigState;
  baseState: ConfigState;
  baseVersion: number;
  /** Its states are stored sealed: shown masked wherever the values are not needed. */
  sealed: boolean;
  /** The sensitivity applying it sets (true: sensitive, false: plain); null keeps it. */
  setsSensitive: boolean | null;
  status: ChangeRequestStatus;
  author: Who;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  appliedVersion: number | null;
  supersededBy: string | null;
};

export type ChangeRequestEvent = {
  id: number;
  kind: EventKind;
  actor: Who;
  body: string;
  createdAt: string;
};

type RuleRow = {
  environment_id: string;
  required_approvals: number;
  min_role: ApproverRank;
  config_members_only: number | boolean;
  updated_by: string;
  updated_at: string;
};

const toRule = (r: RuleRow): StoredRule => ({
  environmentId: r.environment_id,
  requiredApprovals: Number(r.required_approvals),
  minRole: r.min_role,
  configMembersOnly: Boolean(r.config_members_only),
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

type Row = {
  id: string;
  project_id: string;
  config_id: string;
  config_name: string;
  environment_ids: string;
  title: string;
  description: string;
  reviewers: string;
  state: string;
  base_state: string;
  base_version: number;
  status: ChangeRequestStatus;
  author_type: Actor["type"];
  author_id: string | null;
  author_label: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  closed_by: string | null;
  applied_version: number | null;
  superseded_by: string | null;
};

/** A state as stored when sealed; `sensitive` (on `state` only) is what applying it sets. */
type SealedState = Omit<ConfigState, "base" | "variants"> & { sealed: string; sensitive?: boolean };

const toRequest = (
  r: Row,
  state: ConfigState,
  baseState: ConfigState,
  s: Sealing,
): ChangeRequest => ({
  id: r.id,
  projectId: r.project_id,
  configId: r.config_id,
  configName: r.config_name,
  environmentIds: fromJson(r.environment_ids),
  title: r.title,
  description: r.description,
  reviewers: fromJson(r.reviewers),
  state,
  baseState,
  baseVersion: Number(r.base_version),
  sealed: s.sealed,
  setsSensitive: s.setsSensitive,
  status: r.status,
  author: { type: r.author_type, id: r.author_id, label: r.author_label },
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  closedAt: r.closed_at,
  closedBy: r.closed_by,
  appliedVersion: r.applied_version === null ? null : Number(r.applied_version),
  supersededBy: r.superseded_by,
});

type EventRow = {
  id: number;
  kind: EventKind;
  actor_type: Actor["type"];
  actor_id: string | null;
  actor_label: string;
  body: string;
  created_at: string;
};

const toEvent = (r: EventRow): ChangeRequestEvent => ({
  id: Number(r.id),
  kind: r.kind,
  actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
  body: r.body,
  createdAt: r.created_at,
});

export type NewChangeRequest =
  & Pick<
    ChangeRequest,
    | "projectId"
    | "configId"
    | "configName"
    | "environmentIds"
    | "title"
    | "description"
    | "reviewers"
    | "state"
    | "baseState"
    | "baseVersion"
    | "author"
  >
  & {
    /** Store the states sealed: the config is sensitive, or the change makes it so. */
    seal: boolean;
    setsSensitive: boolean | null;
  };

type Sealing = { sealed: boolean; setsSensitive: boolean | null };

export type ListFilter = { status: ChangeRequestStatus | null; configName: string | null };

export function changeRequestsRepo(db: Db, keys: DataKeys) {
  async function stored(projectId: string, s: ConfigState, extra: object = {}): Promise<string> {
    const sealed = await keys.seal(projectId, toJson(sealedBodyOf(s)));
    return toJson({ description: s.description, members: s.members, sealed, ...extra });
  }

  async function opened(text: string): Promise<{ state: ConfigState; sealing: Sealing }> {
    const raw = fromJson<ConfigState | SealedState>(text);
    if (!("sealed" in raw)) return { state: raw, sealing: { sealed: false, setsSensitive: null } };
    const body = fromJson<SealedBody>(await keys.open(raw.sealed));
    return {
      state: { description: raw.description, members: raw.members, ...body },
      sealing: { sealed: true, setsSensitive: raw.sensitive ?? null },
    };
  }

  async function toRequestOpened(r: Row): Promise<ChangeRequest> {
    const [state, base] = await Promise.all([opened(r.state), opened(r.base_state)]);
    return toRequest(r, state.state, base.state, state.sealing);
  }

  return {
    async rules(projectId: string): Promise<StoredRule[]> {
      const rows = await db.all<RuleRow>(
        `SELECT * FROM approval_rules WHERE project_id = $1 ORDER BY environment_id`,
        [projectId],
      );
      return rows.map(toRule);
    },

    async setRule(projectId: string, rule: ApprovalRule, by: string): Promise<void> {
      await db.run(
        `INSERT INTO approval_rules (environment_id, project_id, required_approvals, min_role,
         config_members_only, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (environment_id) DO UPDATE SET required_approvals = $3, min_role = $4,
         config_members_only = $5, updated_by = $6, updated_at = $7`,
        [
          rule.environmentId,
          projectId,
          rule.requiredApprovals,
          rule.minRole,
          rule.configMembersOnly,
          by,
          nowIso(),
        ],
      );
    },

    async deleteRule(environmentId: string): Promise<boolean> {
      return await db.run(`DELETE FROM approval_rules WHERE environment_id = $1`, [
        environmentId,
      ]) > 0;
    },

    async create(c: NewChangeRequest): Promise<ChangeRequest> {
      const now = nowIso();
      const row = await db.get<Row>(
        `INSERT INTO change_requests (id, project_id, config_id, config_name, environment_ids,
         title, description, reviewers, state, base_state, base_version, status, author_type,
         author_id, author_label, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', $12, $13, $14, $15, $15)
         RETURNING *`,
        [
          newId(),
          c.projectId,
          c.configId,
          c.configName,
          toJson(c.environmentIds),
          c.title,
          c.description,
          toJson(c.reviewers),
          c.seal
            ? await stored(
              c.projectId,
              c.state,
              c.setsSensitive === null ? {} : { sensitive: c.setsSensitive },
            )
            : toJson(c.state),
          c.seal ? await stored(c.projectId, c.baseState) : toJson(c.baseState),
          c.baseVersion,
          c.author.type,
          c.author.id,
          c.author.label,
          now,
        ],
      );
      return await toRequestOpened(row!);
    },

    /** `lock`: hold the row for this transaction (Postgres), for a decision that changes it. */
    async get(id: string, lock = false): Promise<ChangeRequest | null> {
      const row = await db.get<Row>(
        `SELECT * FROM change_requests WHERE id = $1 ${lock ? "FOR UPDATE" : ""}`,
        [id],
      );
      return row ? await toRequestOpened(row) : null;
    },

    /** The project's change requests, newest first. */
    async list(projectId: string, f: ListFilter, limit: number): Promise<ChangeRequest[]> {
      const params: Param[] = [projectId, limit];
      const where = ["project_id = $1"];
      if (f.status) where.push(`status = $${params.push(f.status)}`);
      if (f.configName) where.push(`config_name = $${params.push(f.configName)}`);
      const rows = await db.all<Row>(
        `SELECT * FROM change_requests WHERE ${where.join(" AND ")}
         ORDER BY created_at DESC, id LIMIT $2`,
        params,
      );
      return await Promise.all(rows.map(toRequestOpened));
    },

    async close(
      id: string,
      status: Exclude<ChangeRequestStatus, "open">,
      by: string,
      extra: { appliedVersion?: number; supersededBy?: string } = {},
    ): Promise<boolean> {
      const now = nowIso();
      return await db.run(
        `UPDATE change_requests SET status = $2, closed_at = $3, closed_by = $4, updated_at = $3,
         applied_version = $5, superseded_by = $6 WHERE id = $1 AND status = 'open'`,
        [id, status, now, by, extra.appliedVersion ?? null, extra.supersededBy ?? null],
      ) > 0;
    },

    async touch(id: string): Promise<void> {
      await db.run(`UPDATE change_requests SET updated_at = $2 WHERE id = $1`, [id, nowIso()]);
    },

    async addEvent(id: string, kind: EventKind, actor: Who, body: string): Promise<void> {
      await db.run(
        `INSERT INTO change_request_events (change_request_id, kind, actor_type, actor_id,
         actor_label, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, kind, actor.type, actor.id, actor.label, body, nowIso()],
      );
    },

    async events(id: string): Promise<ChangeRequestEvent[]> {
      const rows = await db.all<EventRow>(
        `SELECT id, kind, actor_type, actor_id, actor_label, body, created_at
         FROM change_request_events WHERE change_request_id = $1 ORDER BY id`,
        [id],
      );
      return rows.map(toEvent);
    },

    async eventCount(id: string): Promise<number> {
      const row = await db.get<{ n: number }>(
        `SELECT count(*) AS n FROM change_request_events WHERE change_request_id = $1`,
        [id],
      );
      return Number(row?.n ?? 0);
    },
  };
}
