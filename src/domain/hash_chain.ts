// Hash chains over the history tables (docs/security.md, "What the history chain proves").
// Each row's hash is SHA-256 over the canonical JSON of its stored columns plus the previous
// row's hash, so changing, removing or inserting a row breaks every link after it.
//
// Canonical JSON: objects with their keys sorted by UTF-16 code unit (JavaScript's default
// sort), no whitespace, strings and numbers as JSON.stringify writes them, null for a missing
// value. JSON documents stored as text (a version's snapshot, an audit row's before/after) are
// hashed as that text, byte for byte as the database keeps it; times are normalized to
// toISOString(), since Postgres hands timestamps back in that form whatever was written.
import { createHash } from "node:crypto";

export type ChainValue = string | number | boolean | null | ChainValue[] | {
  [key: string]: ChainValue;
};

/** Key-sorted JSON text of `value`. */
export function canonicalJson(value: ChainValue): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(",")}}`;
}

/** The hash of a row whose canonical columns are `columns`, linked to `prevHash`. */
export function chainHash(columns: Record<string, ChainValue>, prevHash: string | null): string {
  const text = canonicalJson({ ...columns, prev_hash: prevHash });
  return createHash("sha256").update(text).digest("hex");
}

/** A stored time in the one form both databases return. */
export function canonicalTime(time: string): string {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? time : date.toISOString();
}

/** The columns of a config_versions row that its hash covers. */
export type VersionColumns = {
  id: string;
  config_id: string;
  project_id: string;
  config_name: string;
  version: number;
  snapshot: string;
  actor_type: string;
  actor_id: string | null;
  created_at: string;
  /** Migration 0015; covered only when set, so rows without one keep the hash they had. */
  comment?: string | null;
};

export function versionHash(row: VersionColumns, prevHash: string | null): string {
  const comment = row.comment ?? null;
  return chainHash({
    ...(comment === null ? {} : { comment }),
    id: row.id,
    config_id: row.config_id,
    project_id: row.project_id,
    config_name: row.config_name,
    version: Number(row.version),
    snapshot: row.snapshot,
    actor_type: row.actor_type,
    actor_id: row.actor_id,
    created_at: canonicalTime(row.created_at),
  }, prevHash);
}

/** The columns of an audit_log row that its hash covers (not its id: the database picks it). */
export type AuditColumns = {
  workspace_id: string | null;
  project_id: string | null;
  config_name: string | null;
  actor_type: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  target_type: string;
  target_id: string | null;
  before: string | null;
  after: string | null;
  request_id: string | null;
  created_at: string;
};

export function auditHash(row: AuditColumns, prevHash: string | null): string {
  return chainHash({
    workspace_id: row.workspace_id,
    project_id: row.project_id,
    config_name: row.config_name,
    actor_type: row.actor_type,
    actor_id: row.actor_id,
    actor_label: row.actor_label,
    action: row.action,
    target_type: row.target_type,
    target_id: row.target_id,
    before: row.before,
    after: row.after,
    request_id: row.request_id,
    created_at: canonicalTime(row.created_at),
  }, prevHash);
}

/** A row as the walk sees it: its stored links and the hash its content gives. */
export type ChainLink = { rowId: string; prevHash: string | null; hash: string | null };

export type BrokenLink = {
  rowId: string;
  /**
   * "link": prev_hash is not the previous row's hash (a row before it was removed, added or
   * rewritten); "content": the row's columns do not give its hash (the row was edited);
   * "missing": rows at the end of the chain are gone (the config's version is past them).
   */
  problem: "link" | "content" | "missing";
  expected: string | null;
  found: string | null;
};

/**
 * Checks one row against the hash of the row before it (null at the start of a chain);
 * `computed` is what the row's columns hash to with its stored prev_hash.
 */
export function checkLink(
  link: ChainLink,
  previousHash: string | null,
  computed: string,
): BrokenLink | null {
  if (link.prevHash !== previousHash) {
    return { rowId: link.rowId, problem: "link", expected: previousHash, found: link.prevHash };
  }
  if (link.hash !== computed) {
    return { rowId: link.rowId, problem: "content", expected: computed, found: link.hash };
  }
  return null;
}
