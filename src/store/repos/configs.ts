import { type ChangeFeed, toFeedConfig } from "../changes.ts";
import { type Db, fromJson, fromJsonOrNull, newId, nowIso, toJson } from "../db.ts";
import { type SealedBody, sealedBodyOf } from "../../domain/sensitive.ts";
import type { DataKeys } from "./data_keys.ts";
import { historyRepo } from "./history_chain.ts";
import type {
  Actor,
  Config,
  ConfigMember,
  ConfigState,
  ConfigSummary,
  ConfigVersion,
  Variant,
} from "../types.ts";

type Row = {
  id: string;
  project_id: string;
  name: string;
  description: string;
  value: string;
  schema: string | null;
  overrides: string;
  version: number;
  created_at: string;
  updated_at: string;
  sensitive: number | boolean;
  sealed: string | null;
};
const COLUMNS = "id, project_id, name, description, value, schema, overrides, version, " +
  "created_at, updated_at, sensitive, sealed";
/** A sensitive config's value, schema and overrides columns: the values are in `sealed`. */
const PLACEHOLDER = { value: "null", schema: null, overrides: "[]" };

type VariantRow = {
  environment_id: string;
  value: string;
  schema: string | null;
  overrides: string;
  use_base_schema: number | boolean;
};

type VersionRow = {
  id: string;
  config_id: string;
  project_id: string;
  config_name: string;
  version: number;
  snapshot: string;
  actor_type: Actor["type"];
  actor_id: string | null;
  created_at: string;
  prev_hash: string | null;
  hash: string | null;
  comment: string | null;
};

function toSummary(
  r: Omit<Row, "value" | "schema" | "overrides" | "sealed" | "sensitive">,
): ConfigSummary {
  return {
    id: r.id,
    projectId: r.project_id,
    name: r.name,
    description: r.description,
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Only the fields a version records, whatever else the caller's object carries. */
function stateOf(s: ConfigState): ConfigState {
  return {
    description: s.description,
    base: s.base,
    variants: s.variants,
    members: s.members,
  };
}

/** A sensitive config's snapshot: description and members, and its sealed base and variants. */
type SealedSnapshot = Omit<ConfigState, "base" | "variants"> & { sealed: string };

function toVersion(r: VersionRow, state: ConfigState = fromJson(r.snapshot)): ConfigVersion {
  return {
    id: r.id,
    configId: r.config_id,
    projectId: r.project_id,
    configName: r.config_name,
    version: Number(r.version),
    state,
    actor: { type: r.actor_type, id: r.actor_id },
    createdAt: r.created_at,
    hash: r.hash,
    prevHash: r.prev_hash,
    comment: r.comment ?? null,
  };
}

/**
 * Configs with their variants and members. Every create, update and delete writes a
 * version snapshot and a change-feed row in the caller's transaction.
 */
export function configsRepo(db: Db, feed: ChangeFeed, keys: DataKeys) {
  const openBody = async (sealed: string): Promise<SealedBody> => fromJson(await keys.open(sealed));

  async function readVersion(r: VersionRow): Promise<ConfigVersion> {
    const snapshot = fromJson<ConfigState | SealedSnapshot>(r.snapshot);
    if (!("sealed" in snapshot)) return toVersion(r, snapshot);
    const { sealed, description, members } = snapshot;
    return { ...toVersion(r, { description, members, ...await openBody(sealed) }), sealed: true };
  }

  async function load(row: Row): Promise<Config> {
    if (row.sealed !== null) {
      const body = await openBody(row.sealed);
      const members = await db.all<ConfigMember>(
        `SELECT email, role FROM config_members WHERE config_id = $1 ORDER BY email`,
        [row.id],
      );
      return { ...toSummary(row), sensitive: true, ...body, members };
    }
    const variants = await db.all<VariantRow>(
      `SELECT v.environment_id, v.value, v.schema, v.overrides, v.use_base_schema
       FROM config_variants v JOIN environments e ON e.id = v.environment_id
       WHERE v.config_id = $1 ORDER BY e.position, e.id`,
      [row.id],
    );
    const members = await db.all<ConfigMember>(
      `SELECT email, role FROM config_members WHERE config_id = $1 ORDER BY email`,
      [row.id],
    );
    return {
      ...toSummary(row),
      base: {
        value: fromJson(row.value),
        schema: fromJsonOrNull(row.schema),
        overrides: fromJson(row.overrides),
      },
      variants: variants.map((v): Variant => ({
        environmentId: v.environment_id,
        value: fromJson(v.value),
        schema: fromJsonOrNull(v.schema),
        overrides: fromJson(v.overrides),
        useBaseSchema: Boolean(v.use_base_schema),
      })),
      members: members.map((m) => ({ email: m.email, role: m.role })),
      sensitive: false,
    };
  }

  /** The sealed base and variants of a sensitive config, or null for a plain one. */
  const sealState = async (projectId: string, state: ConfigState, sensitive: boolean) =>
    sensitive ? await keys.seal(projectId, toJson(sealedBodyOf(state))) : null;

  /** The value, schema and overrides columns: the base's, or placeholders when sealed. */
  const baseColumns = (state: ConfigState, sealed: string | null) =>
    sealed !== null ? PLACEHOLDER : {
      value: toJson(state.base.value),
      schema: state.base.schema === null ? null : toJson(state.base.schema),
      overrides: toJson(state.base.overrides),
    };

  async function writeChildren(
    configId: string,
    state: ConfigState,
    now: string,
    sealed: string | null,
  ) {
    await db.run(`DELETE FROM config_variants WHERE config_id = $1`, [configId]);
    for (const v of sealed === null ? state.variants : []) {
      await db.run(
        `INSERT INTO config_variants
         (config_id, environment_id, value, schema, overrides, use_base_schema)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          configId,
          v.environmentId,
          toJson(v.value),
          v.schema === null ? null : toJson(v.schema),
          toJson(v.overrides),
          v.useBaseSchema,
        ],
      );
    }
    await db.run(`DELETE FROM config_members WHERE config_id = $1`, [configId]);
    for (const m of state.members) {
      await db.run(
        `INSERT INTO config_members (config_id, email, role, created_at) VALUES ($1, $2, $3, $4)`,
        [configId, m.email, m.role, now],
      );
    }
  }

  async function recordVersion(
    config: Config,
    actor: Actor,
    sealed: string | null,
    comment: string | null = null,
  ) {
    const plain = stateOf(config);
    const state = sealed === null
      ? plain
      : { description: plain.description, members: plain.members, sealed };
    await historyRepo(db).appendVersion({
      id: newId(),
      config_id: config.id,
      project_id: config.projectId,
      config_name: config.name,
      version: config.version,
      snapshot: toJson(state),
      actor_type: actor.type,
      actor_id: actor.id,
      created_at: config.updatedAt,
      comment,
    });
    await feed.append({ kind: "config", config: toFeedConfig(config, sealed ?? undefined) });
  }

  return {
    async list(projectId: string): Promise<ConfigSummary[]> {
      const rows = await db.all<Row>(
        `SELECT ${COLUMNS} FROM configs WHERE project_id = $1 ORDER BY name`,
        [projectId],
      );
      return rows.map((r) => ({ ...toSummary(r), sensitive: Boolean(r.sensitive) }));
    },

    /** Every config of a project, whole (for export). */
    /** Every config, opened; `plainOnly` leaves sensitive ones out unread (no key needed). */
    async listFull(projectId: string, plainOnly = false): Promise<Config[]> {
      const rows = await db.all<Row>(
        `SELECT ${COLUMNS} FROM configs WHERE project_id = $1${
          plainOnly ? " AND sealed IS NULL" : ""
        } ORDER BY name`,
        [projectId],
      );
      return await Promise.all(rows.map(load));
    },

    async get(projectId: string, name: string): Promise<Config | null> {
      const row = await db.get<Row>(
        `SELECT ${COLUMNS} FROM configs WHERE project_id = $1 AND name = $2`,
        [projectId, name],
      );
      return row ? await load(row) : null;
    },

    async create(
      projectId: string,
      name: string,
      state: ConfigState,
      actor: Actor,
      sensitive = false,
    ): Promise<Config> {
      const now = nowIso();
      const id = newId();
      const sealed = await sealState(projectId, state, sensitive);
      const columns = baseColumns(state, sealed);
      await db.run(
        `INSERT INTO configs (${COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8, $9, $10)`,
        [
          id,
          projectId,
          name,
          state.description,
          columns.value,
          columns.schema,
          columns.overrides,
          now,
          sensitive,
          sealed,
        ],
      );
      await writeChildren(id, state, now, sealed);
      const config: Config = {
        id,
        projectId,
        name,
        version: 1,
        createdAt: now,
        updatedAt: now,
        ...stateOf(state),
        sensitive,
      };
      await recordVersion(config, actor, sealed);
      return config;
    },

    /**
     * Replaces the config's whole state and bumps its version. With `expectedVersion`,
     * returns "conflict" when someone else saved in between. `sensitive` unset keeps it.
     * `comment` is recorded on the new version.
     */
    async update(
      id: string,
      state: ConfigState,
      actor: Actor,
      expectedVersion?: number,
      sensitiveNext?: boolean,
      comment: string | null = null,
    ): Promise<Config | "conflict" | null> {
      const current = await db.get<Row>(`SELECT ${COLUMNS} FROM configs WHERE id = $1`, [id]);
      if (!current) return null;
      const now = nowIso();
      const sensitive = sensitiveNext ?? Boolean(current.sensitive);
      const sealed = await sealState(current.project_id, state, sensitive);
      const columns = baseColumns(state, sealed);
      const changed = await db.run(
        `UPDATE configs SET description = $2, value = $3, schema = $4, overrides = $5,
         version = version + 1, updated_at = $6, sensitive = $8, sealed = $9
         WHERE id = $1 AND version = $7`,
        [
          id,
          state.description,
          columns.value,
          columns.schema,
          columns.overrides,
          now,
          expectedVersion ?? Number(current.version),
          sensitive,
          sealed,
        ],
      );
      if (changed === 0) return "conflict";
      await writeChildren(id, state, now, sealed);
      const config: Config = {
        ...toSummary(current),
        version: (expectedVersion ?? Number(current.version)) + 1,
        updatedAt: now,
        ...stateOf(state),
        sensitive,
      };
      await recordVersion(config, actor, sealed, comment);
      return config;
    },

    async delete(id: string): Promise<boolean> {
      const row = await db.get<{ project_id: string; name: string }>(
        `SELECT project_id, name FROM configs WHERE id = $1`,
        [id],
      );
      if (!row) return false;
      await db.run(`DELETE FROM configs WHERE id = $1`, [id]);
      await feed.append({ kind: "config_deleted", id, projectId: row.project_id, name: row.name });
      return true;
    },

    /** Versions of a config by id, newest first. They outlive the config. */
    async versions(configId: string): Promise<ConfigVersion[]> {
      const rows = await db.all<VersionRow>(
        `SELECT * FROM config_versions WHERE config_id = $1 ORDER BY version DESC`,
        [configId],
      );
      return await Promise.all(rows.map(readVersion));
    },

    async version(configId: string, version: number): Promise<ConfigVersion | null> {
      const row = await db.get<VersionRow>(
        `SELECT * FROM config_versions WHERE config_id = $1 AND version = $2`,
        [configId, version],
      );
      return row ? await readVersion(row) : null;
    },

    /** Ids of every config that has ever had this name in the project, newest first. */
    async historyIds(projectId: string, name: string): Promise<string[]> {
      const rows = await db.all<{ config_id: string }>(
        `SELECT config_id, max(created_at) AS last FROM config_versions
         WHERE project_id = $1 AND config_name = $2 GROUP BY config_id ORDER BY last DESC`,
        [projectId, name],
      );
      return rows.map((r) => r.config_id);
    },
  };
}
