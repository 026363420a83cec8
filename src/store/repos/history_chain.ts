// The hash chains of config_versions (one per config) and audit_log (one per workspace, and one
// for rows without a workspace): appending a linked row, sealing rows written before migration
// 0014, and walking a chain to find its first broken link. Writes run one at a time under the
// store's write lock (BEGIN IMMEDIATE, the Postgres advisory lock), so reading a chain's head
// and appending after it cannot race.
import {
  type AuditColumns,
  auditHash,
  type BrokenLink,
  checkLink,
  type VersionColumns,
  versionHash,
} from "../../domain/hash_chain.ts";
import type { Db, Param } from "../db.ts";

type Linked = { prev_hash: string | null; hash: string | null };
type VersionRow = VersionColumns & Linked;
type AuditRow = AuditColumns & Linked & { id: number };

const PAGE = 200;

/** The WHERE clause of one audit chain; `next` is the number of the first free parameter. */
function auditChain(workspaceId: string | null, next = 1): { where: string; params: Param[] } {
  return workspaceId === null
    ? { where: "workspace_id IS NULL", params: [] }
    : { where: `workspace_id = $${next}`, params: [workspaceId] };
}

async function versionHead(db: Db, configId: string): Promise<Linked | undefined> {
  return await db.get<Linked>(
    `SELECT prev_hash, hash FROM config_versions WHERE config_id = $1
     ORDER BY version DESC LIMIT 1`,
    [configId],
  );
}

async function auditHead(db: Db, workspaceId: string | null): Promise<Linked | undefined> {
  const chain = auditChain(workspaceId);
  return await db.get<Linked>(
    `SELECT prev_hash, hash FROM audit_log WHERE ${chain.where} ORDER BY id DESC LIMIT 1`,
    chain.params,
  );
}

/** Hashes a config's unsealed versions in order; returns how many. */
async function sealVersions(db: Db, configId: string): Promise<number> {
  const rows = await db.all<VersionRow>(
    `SELECT * FROM config_versions WHERE config_id = $1 ORDER BY version`,
    [configId],
  );
  return (await sealRows(db, "config_versions", rows, null, versionHash)).sealed;
}

/**
 * Hashes the unsealed rows of `rows` (in chain order, after a row whose hash is `prev`);
 * returns how many it sealed and the last row's hash.
 */
async function sealRows<R extends { id: number | string; hash: string | null }>(
  db: Db,
  table: "config_versions" | "audit_log",
  rows: R[],
  prev: string | null,
  hashOf: (row: R, prev: string | null) => string,
): Promise<{ sealed: number; prev: string | null }> {
  let sealed = 0;
  for (const row of rows) {
    if (row.hash === null) {
      const hash = hashOf(row, prev);
      await db.run(`UPDATE ${table} SET prev_hash = $2, hash = $3 WHERE id = $1`, [
        row.id,
        prev,
        hash,
      ]);
      row.hash = hash;
      sealed++;
    }
    prev = row.hash;
  }
  return { sealed, prev };
}

/** Hashes a workspace's unsealed audit rows in order, from the first one; returns how many. */
async function sealAudit(db: Db, workspaceId: string | null): Promise<number> {
  const chain = auditChain(workspaceId);
  const first = await db.get<{ id: number | null }>(
    `SELECT min(id) AS id FROM audit_log WHERE hash IS NULL AND ${chain.where}`,
    chain.params,
  );
  if (first?.id === null || first?.id === undefined) return 0;
  const next = chain.params.length + 1;
  const before = await db.get<Linked>(
    `SELECT hash FROM audit_log WHERE ${chain.where} AND id < $${next}
     ORDER BY id DESC LIMIT 1`,
    [...chain.params, Number(first.id)],
  );
  let prev = before?.hash ?? null;
  let cursor = Number(first.id) - 1;
  let sealed = 0;
  for (;;) {
    const rows = await db.all<AuditRow>(
      `SELECT * FROM audit_log WHERE ${chain.where} AND id > $${next} ORDER BY id LIMIT ${PAGE}`,
      [...chain.params, cursor],
    );
    const page = await sealRows(db, "audit_log", rows, prev, auditHash);
    sealed += page.sealed;
    prev = page.prev;
    if (rows.length > 0) cursor = Number(rows[rows.length - 1]!.id);
    if (rows.length < PAGE) return sealed;
  }
}

export type VersionBreak = BrokenLink & { configId: string; configName: string; version: number };
export type AuditBreak = BrokenLink & { workspaceId: string | null; id: number };
export type VersionWalk = { rows: number; chains: number; broken: VersionBreak | null };
export type AuditWalk = { rows: number; broken: AuditBreak | null };

export function historyRepo(db: Db) {
  return {
    /** Inserts a config version linked to the config's previous one. */
    async appendVersion(row: VersionColumns): Promise<void> {
      let head = await versionHead(db, row.config_id);
      if (head && head.hash === null) {
        await sealVersions(db, row.config_id);
        head = await versionHead(db, row.config_id);
      }
      const prev = head?.hash ?? null;
      await db.run(
        `INSERT INTO config_versions (id, config_id, project_id, config_name, version, snapshot,
         actor_type, actor_id, created_at, prev_hash, hash, comment)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          row.id,
          row.config_id,
          row.project_id,
          row.config_name,
          row.version,
          row.snapshot,
          row.actor_type,
          row.actor_id,
          row.created_at,
          prev,
          versionHash(row, prev),
          row.comment ?? null,
        ],
      );
    },

    /** Inserts an audit row linked to the previous row of its workspace. */
    async appendAudit(row: AuditColumns): Promise<void> {
      let head = await auditHead(db, row.workspace_id);
      if (head && head.hash === null) {
        await sealAudit(db, row.workspace_id);
        head = await auditHead(db, row.workspace_id);
      }
      const prev = head?.hash ?? null;
      await db.run(
        `INSERT INTO audit_log (workspace_id, project_id, config_name, actor_type, actor_id,
         actor_label, action, target_type, target_id, before, after, request_id, created_at,
         prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [
          row.workspace_id,
          row.project_id,
          row.config_name,
          row.actor_type,
          row.actor_id,
          row.actor_label,
          row.action,
          row.target_type,
          row.target_id,
          row.before,
          row.after,
          row.request_id,
          row.created_at,
          prev,
          auditHash(row, prev),
        ],
      );
    },

    /** Hashes every row written before the chains existed (migration 0014); returns how many. */
    async sealAll(): Promise<number> {
      let sealed = 0;
      const configs = await db.all<{ config_id: string }>(
        `SELECT DISTINCT config_id FROM config_versions WHERE hash IS NULL`,
      );
      for (const c of configs) sealed += await sealVersions(db, c.config_id);
      const chains = await db.all<{ workspace_id: string | null }>(
        `SELECT DISTINCT workspace_id FROM audit_log WHERE hash IS NULL`,
      );
      for (const c of chains) sealed += await sealAudit(db, c.workspace_id);
      return sealed;
    },

    /** Projects that have config versions, deleted ones included. */
    async versionProjects(): Promise<string[]> {
      const rows = await db.all<{ project_id: string }>(
        `SELECT DISTINCT project_id FROM config_versions ORDER BY project_id`,
      );
      return rows.map((r) => r.project_id);
    },

    /** Workspaces that have audit rows (null: rows without a workspace). */
    async auditChains(): Promise<(string | null)[]> {
      const rows = await db.all<{ workspace_id: string | null }>(
        `SELECT DISTINCT workspace_id FROM audit_log`,
      );
      return rows.map((r) => r.workspace_id);
    },

    /**
     * Walks the version chain of every config of a project, ordered by config id, and stops at
     * the first broken link. A live config whose newest version row is not its current version
     * lost rows at the end of its chain.
     */
    async walkVersions(projectId: string): Promise<VersionWalk> {
      const live = new Map<string, { version: number; name: string }>();
      for (
        const c of await db.all<{ id: string; version: number; name: string }>(
          `SELECT id, version, name FROM configs WHERE project_id = $1`,
          [projectId],
        )
      ) live.set(c.id, { version: Number(c.version), name: c.name });
      const walk: VersionWalk = { rows: 0, chains: 0, broken: null };
      let last: VersionRow | null = null;
      const endOfChain = (row: VersionRow): VersionBreak | null => {
        const current = live.get(row.config_id)?.version;
        live.delete(row.config_id);
        if (current === undefined || current === Number(row.version)) return null;
        return {
          rowId: row.id,
          problem: "missing",
          expected: `version ${current}`,
          found: `version ${row.version}`,
          configId: row.config_id,
          configName: row.config_name,
          version: Number(row.version),
        };
      };
      let cursor: [string, number] = ["", 0];
      for (;;) {
        const rows = await db.all<VersionRow>(
          `SELECT * FROM config_versions WHERE project_id = $1
           AND (config_id > $2 OR (config_id = $2 AND version > $3))
           ORDER BY config_id, version LIMIT ${PAGE}`,
          [projectId, ...cursor],
        );
        for (const row of rows) {
          const first = last === null || last.config_id !== row.config_id;
          if (first && last !== null && (walk.broken = endOfChain(last))) return walk;
          if (first) walk.chains++;
          walk.rows++;
          const prev = first ? null : last!.hash;
          const broken = checkLink(
            { rowId: row.id, prevHash: row.prev_hash, hash: row.hash },
            prev,
            versionHash(row, row.prev_hash),
          );
          if (broken) {
            walk.broken = {
              ...broken,
              configId: row.config_id,
              configName: row.config_name,
              version: Number(row.version),
            };
            return walk;
          }
          last = row;
          cursor = [row.config_id, Number(row.version)];
        }
        if (rows.length < PAGE) break;
      }
      if (last !== null && (walk.broken = endOfChain(last))) return walk;
      const [configId, current] = [...live][0] ?? [];
      if (configId !== undefined && current) {
        walk.broken = {
          rowId: configId,
          problem: "missing",
          expected: `version ${current.version}`,
          found: null,
          configId,
          configName: current.name,
          version: 0,
        };
      }
      return walk;
    },

    /** Walks one audit chain in id order and stops at the first broken link. */
    async walkAudit(workspaceId: string | null): Promise<AuditWalk> {
      const chain = auditChain(workspaceId);
      const next = chain.params.length + 1;
      const walk: AuditWalk = { rows: 0, broken: null };
      let prev: string | null = null;
      let cursor = 0;
      for (;;) {
        const rows = await db.all<AuditRow>(
          `SELECT * FROM audit_log WHERE ${chain.where} AND id > $${next}
           ORDER BY id LIMIT ${PAGE}`,
          [...chain.params, cursor],
        );
        for (const row of rows) {
          walk.rows++;
          const id = Number(row.id);
          const broken = checkLink(
            { rowId: String(id), prevHash: row.prev_hash, hash: row.hash },
            prev,
            auditHash(row, row.prev_hash),
          );
          if (broken) {
            walk.broken = { ...broken, workspaceId, id };
            return walk;
          }
          prev = row.hash;
          cursor = id;
        }
        if (rows.length < PAGE) return walk;
      }
    },
  };
}
