// The change feed: what replicators follow. A row carries the new state of what SDKs see
// (or a tombstone), so a replica can be rebuilt from the feed alone.
import type { WrappedDataKey } from "../auth/envelope.ts";
import type { Json } from "../domain/overrides.ts";
import type { RenderSource } from "../domain/render.ts";
import { currentTraceparent } from "../observability/trace_context.ts";
import { type Db, fromJson, nowIso, toJson } from "./db.ts";
import type { Config } from "./types.ts";

/**
 * A config as replicas keep it: enough to render it for every environment. `version` (absent
 * in rows written before it was added) ties a feed row to the config version it carries.
 */
export type FeedConfig = RenderSource & {
  id: string;
  version?: number;
  /**
   * A sensitive config: `sealed` holds its base and variants (SealedBody in
   * domain/sensitive.ts) and value, overrides and variants are placeholders.
   */
  sensitive?: true;
  sealed?: string;
};
export type FeedEnvironment = { id: string; projectId: string; name: string };
export type FeedSdkKey = {
  id: string;
  projectId: string;
  environmentId: string;
  keyHash: string;
  /** May receive sensitive configs (absent in rows written before it was added: no). */
  readSensitive?: boolean;
};
/** A segment or exclusion group: what rendering needs of it (docs/targeting.md). */
export type FeedTarget = {
  id: string;
  projectId: string;
  kind: "segment" | "exclusion_group";
  name: string;
  data: Json;
};

export type ChangePayload =
  | { kind: "config"; config: FeedConfig }
  | { kind: "config_deleted"; id: string; projectId: string; name: string }
  | { kind: "environment"; environment: FeedEnvironment }
  | { kind: "environment_deleted"; id: string; projectId: string }
  | { kind: "project"; id: string; workspaceId: string; name: string }
  | { kind: "project_deleted"; id: string }
  | { kind: "sdk_key"; key: FeedSdkKey }
  | { kind: "sdk_key_deleted"; id: string; projectId: string }
  // A project's data key for sensitive configs, made or re-wrapped (src/auth/envelope.ts).
  | { kind: "data_key"; projectId: string; key: WrappedDataKey }
  | { kind: "target"; target: FeedTarget }
  | {
    kind: "target_deleted";
    id: string;
    projectId: string;
    targetKind: FeedTarget["kind"];
    name: string;
  }
  // Config changes committed as one revision (a project rollback): SDKs get them together.
  | { kind: "configs"; projectId: string; changes: GroupedChange[] }
  // Relay keys: every instance, a relay too, checks the keys of the relays below it.
  | { kind: "relay_key"; id: string; projectId: null; key: FeedRelayKey }
  | { kind: "relay_key_deleted"; id: string; projectId: null; key: RelayScope & { id: string } };

/** Which part of a workspace a relay key reads: all of it, some projects or some environments. */
export type RelayScope = {
  workspaceId: string;
  /** Set for a key scoped to projects. */
  projectIds: string[] | null;
  /** Set for a key scoped to environments. */
  environmentIds: string[] | null;
};

export type FeedRelayKey = RelayScope & { id: string; keyHash: string };

export type GroupedChange = Extract<ChangePayload, { kind: "config" | "config_deleted" }>;

/** `trace`: the traceparent of the span that wrote it, when tracing was on. */
export type Change = { revision: number; createdAt: string; trace?: string } & ChangePayload;

/** Everything replicas hold, read in one transaction for a full resync. */
export type FeedSnapshot = {
  /** The primary's random id (see databaseId()). */
  databaseId: string;
  revision: number;
  environments: FeedEnvironment[];
  configs: FeedConfig[];
  sdkKeys: FeedSdkKey[];
  targets: FeedTarget[];
  /** Absent from primaries older than sensitive configs. */
  dataKeys?: WrappedDataKey[];
};

export type ChangeFeed = ReturnType<typeof changeFeed>;

export function changeFeed(db: Db) {
  let appended: number | null = null;
  let group: GroupedChange[] | null = null;
  return {
    /** Runs `fn`, appending the config changes it makes as one row: one revision for all. */
    async together<T>(projectId: string, fn: () => Promise<T>): Promise<T> {
      if (group) return await fn();
      group = [];
      let changes: GroupedChange[];
      let result: T;
      try {
        result = await fn();
      } finally {
        changes = group;
        group = null;
      }
      if (changes.length > 0) await this.append({ kind: "configs", projectId, changes });
      return result;
    },

    /** The last revision this transaction appended, if any. */
    get lastAppended(): number | null {
      return appended;
    },

    async append(change: ChangePayload): Promise<number> {
      if (group && (change.kind === "config" || change.kind === "config_deleted")) {
        group.push(change);
        return appended ?? 0;
      }
      const { kind, ...data } = change;
      const row = await db.get<{ revision: number }>(
        `INSERT INTO changes (kind, project_id, entity_id, payload, created_at, trace)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING revision`,
        [kind, projectOf(change), entityOf(change), toJson(data), nowIso(), currentTraceparent()],
      );
      appended = Number(row!.revision);
      return appended;
    },

    async after(revision: number, limit: number): Promise<Change[]> {
      const rows = await db.all<ChangeRow>(
        `SELECT revision, kind, payload, created_at, trace FROM changes
         WHERE revision > $1 ORDER BY revision LIMIT $2`,
        [revision, limit],
      );
      return rows.map((r) => ({
        revision: Number(r.revision),
        createdAt: r.created_at,
        kind: r.kind,
        ...fromJson<object>(r.payload),
        ...(r.trace ? { trace: r.trace } : {}),
      } as Change));
    },

    async head(): Promise<number> {
      const row = await db.get<{ r: number | null }>(`SELECT max(revision) AS r FROM changes`);
      return Number(row?.r ?? 0);
    },

    /** The oldest revision still kept; a replica behind it must resync. */
    async oldest(): Promise<number> {
      const row = await db.get<{ r: number | null }>(`SELECT min(revision) AS r FROM changes`);
      return Number(row?.r ?? 0);
    },

    /**
     * Deletes changes older than `before` (ISO time), always keeping the newest one. It deletes
     * a prefix of revisions: instances' clocks may disagree, and a hole below a kept row would
     * hide from oldest() that a replica missed something.
     */
    async prune(before: string): Promise<number> {
      return await db.run(
        `DELETE FROM changes
         WHERE revision <= (SELECT max(revision) FROM changes WHERE created_at < $1)
         AND revision < (SELECT max(revision) FROM changes)`,
        [before],
      );
    },

    /** A random id made when the database was created; replicas check they follow this one. */
    async databaseId(): Promise<string> {
      const row = await db.get<{ value: string }>(
        `SELECT value FROM dialtone_meta WHERE key = 'database_id'`,
      );
      return row!.value;
    },

    async snapshot(): Promise<FeedSnapshot> {
      const databaseId = await this.databaseId();
      const revision = await this.head();
      const environments = (await db.all<{ id: string; project_id: string; name: string }>(
        `SELECT id, project_id, name FROM environments ORDER BY project_id, position`,
      )).map((e) => ({ id: e.id, projectId: e.project_id, name: e.name }));
      const configs = await allFeedConfigs(db);
      const sdkKeys = (await db.all<
        {
          id: string;
          project_id: string;
          environment_id: string;
          key_hash: string;
          read_sensitive: number | boolean;
        }
      >(`SELECT id, project_id, environment_id, key_hash, read_sensitive FROM sdk_keys`)).map((
        k,
      ) => ({
        id: k.id,
        projectId: k.project_id,
        environmentId: k.environment_id,
        keyHash: k.key_hash,
        readSensitive: Boolean(k.read_sensitive),
      }));
      const targets = (await db.all<
        { id: string; project_id: string; kind: FeedTarget["kind"]; name: string; data: string }
      >(`SELECT id, project_id, kind, name, data FROM targets`)).map((t) => ({
        id: t.id,
        projectId: t.project_id,
        kind: t.kind,
        name: t.name,
        data: fromJson<Json>(t.data),
      }));
      const dataKeys = (await db.all<
        { id: string; project_id: string; wrapped: string; master_key_id: string }
      >(`SELECT id, project_id, wrapped, master_key_id FROM data_keys`)).map((k) => ({
        id: k.id,
        projectId: k.project_id,
        wrapped: k.wrapped,
        masterKeyId: k.master_key_id,
      }));
      return { databaseId, revision, environments, configs, sdkKeys, targets, dataKeys };
    },
  };
}

type ChangeRow = {
  revision: number;
  kind: ChangePayload["kind"];
  payload: string;
  created_at: string;
  trace: string | null;
};

/**
 * The feed form of a config: what SDKs of any environment can be rendered from. A sensitive
 * config's comes with `sealed` (its base and variants, encrypted) and no plain values.
 */
export function toFeedConfig(c: Config, sealed?: string): FeedConfig {
  if (sealed !== undefined) {
    const { id, projectId, name, version } = c;
    return {
      id,
      projectId,
      name,
      version,
      value: null,
      overrides: [],
      variants: [],
      sensitive: true,
      sealed,
    };
  }
  return {
    id: c.id,
    projectId: c.projectId,
    name: c.name,
    version: c.version,
    value: c.base.value,
    overrides: c.base.overrides,
    variants: c.variants.map((v) => ({
      environmentId: v.environmentId,
      value: v.value,
      overrides: v.overrides,
    })),
  };
}

/** The feed form of every config, in two queries (a snapshot holds them all). */
async function allFeedConfigs(db: Db): Promise<FeedConfig[]> {
  const configs = await db.all<
    {
      id: string;
      project_id: string;
      name: string;
      version: number;
      value: string;
      overrides: string;
      sealed: string | null;
    }
  >(`SELECT id, project_id, name, version, value, overrides, sealed FROM configs`);
  const variants = await db.all<
    { config_id: string; environment_id: string; value: string; overrides: string }
  >(`SELECT config_id, environment_id, value, overrides FROM config_variants`);
  const byConfig = new Map<string, FeedConfig["variants"]>();
  for (const v of variants) {
    const list = byConfig.get(v.config_id) ?? [];
    list.push({
      environmentId: v.environment_id,
      value: fromJson(v.value),
      overrides: fromJson(v.overrides),
    });
    byConfig.set(v.config_id, list);
  }
  return configs.map((c) => ({
    ...(c.sealed === null ? {} : { sensitive: true as const, sealed: c.sealed }),
    id: c.id,
    projectId: c.project_id,
    name: c.name,
    version: Number(c.version),
    value: fromJson(c.value),
    overrides: fromJson(c.overrides),
    variants: byConfig.get(c.id) ?? [],
  }));
}

function projectOf(c: ChangePayload): string | null {
  switch (c.kind) {
    case "config":
      return c.config.projectId;
    case "environment":
      return c.environment.projectId;
    case "sdk_key":
      return c.key.projectId;
    case "target":
      return c.target.projectId;
    case "project":
    case "project_deleted":
      return c.id;
    default:
      return c.projectId;
  }
}

function entityOf(c: ChangePayload): string {
  switch (c.kind) {
    case "config":
      return c.config.id;
    case "environment":
      return c.environment.id;
    case "sdk_key":
      return c.key.id;
    case "target":
      return c.target.id;
    case "configs":
      return c.projectId;
    case "data_key":
      return c.key.id;
    default:
      return c.id;
  }
}
