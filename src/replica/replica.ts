// Every query on the replica file, reads for the SDK API and writes for the replicator.
// Sensitive configs stay sealed in the file: raw configs as the feed carries them, rendered
// rows sealed here under the project's data key; they are opened only on the way out.
import {
  type KeyRing,
  NO_KEYS,
  openWith,
  sealedKeyId,
  sealWith,
  type WrappedDataKey,
} from "../auth/envelope.ts";
import { renderBody, type SealedBody } from "../domain/sensitive.ts";
import type { Logger } from "../log.ts";
import type { FeedConfig, FeedEnvironment, FeedSdkKey, FeedTarget } from "../store/changes.ts";
import type { ReplicaDb } from "./replica_db.ts";

/** A name's state in one environment since some revision: wire JSON, or null once deleted. */
export type EnvironmentChange = { name: string; revision: number; json: string | null };

export type LoadedEnvironment = {
  projectId: string;
  /** The newest revision that changed anything in this environment (0 if none). */
  revision: number;
  /** name → wire JSON, by name. */
  configs: Map<string, string>;
};

export type Replica = ReturnType<typeof replicaTables>;

/** Called when a sensitive config cannot be opened here: it is withheld from SDKs. */
export type OnWithheld = (c: FeedConfig, why: string) => void;

/**
 * `ring`: the master keys that unwrap the data keys of sensitive configs; `onWithheld` hears of
 * each sensitive config this instance cannot open (no or another master key).
 */
export function replicaTables(db: ReplicaDb, ring: KeyRing = NO_KEYS, onWithheld?: OnWithheld) {
  const meta = (key: string) =>
    db.get<{ value: string }>(`SELECT value FROM meta WHERE key = $1`, key)?.value;
  const setMeta = (key: string, value: string | number) =>
    db.run(
      `INSERT INTO meta (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      key,
      String(value),
    );

  return {
    db,

    // --- meta
    /** The last revision applied; -1 until the first full sync. */
    cursor: (): number => Number(meta("cursor") ?? -1),
    setCursor: (revision: number) => setMeta("cursor", revision),
    /** Resume (Last-Event-ID) is exact only after this revision. */
    resumeFloor: (): number => Number(meta("resume_floor") ?? 0),
    setResumeFloor: (revision: number) => setMeta("resume_floor", revision),
    /** The primary this replica was filled from (FeedSnapshot.databaseId). */
    databaseId: (): string | undefined => meta("database_id"),
    setDatabaseId: (id: string) => setMeta("database_id", id),

    // --- data keys (sensitive configs)
    putDataKey: (k: WrappedDataKey) =>
      db.run(
        `INSERT INTO data_keys (id, project_id, wrapped, master_key_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET wrapped = excluded.wrapped,
         master_key_id = excluded.master_key_id`,
        k.id,
        k.projectId,
        k.wrapped,
        k.masterKeyId,
      ),
    /** The plain text of a value sealed under a data key held here, or null. */
    open: (sealed: string): string | null => openSealed(sealed),
    /** `plain` sealed under the data key that sealed `like` (which must be open-able here). */
    sealLike: (like: string, plain: string): string => sealLike(like, plain),
    /** The project's data keys, wrapped as the primary keeps them (relay snapshots). */
    dataKeys: (projectId: string): WrappedDataKey[] =>
      db.all<WrappedDataKey>(
        `SELECT id, project_id AS projectId, wrapped, master_key_id AS masterKeyId
         FROM data_keys WHERE project_id = $1`,
        projectId,
      ),

    // --- SDK keys
    findKey: (id: string): FeedSdkKey | undefined => {
      const k = db.get<Omit<FeedSdkKey, "readSensitive"> & { readSensitive: number }>(
        `SELECT id, key_hash AS keyHash, project_id AS projectId, environment_id AS environmentId,
         read_sensitive AS readSensitive FROM sdk_keys WHERE id = $1`,
        id,
      );
      return k && { ...k, readSensitive: k.readSensitive === 1 };
    },
    putKey: (k: FeedSdkKey) =>
      db.run(
        `INSERT INTO sdk_keys (id, key_hash, project_id, environment_id, read_sensitive)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET key_hash = excluded.key_hash,
         project_id = excluded.project_id, environment_id = excluded.environment_id,
         read_sensitive = excluded.read_sensitive`,
        k.id,
        k.keyHash,
        k.projectId,
        k.environmentId,
        k.readSensitive ? 1 : 0,
      ),
    deleteKey: (id: string) => db.run(`DELETE FROM sdk_keys WHERE id = $1`, id),
    keyIds: (): string[] => db.all<{ id: string }>(`SELECT id FROM sdk_keys`).map((r) => r.id),

    // --- environments
    environment: (id: string): FeedEnvironment | undefined =>
      db.get<FeedEnvironment>(
        `SELECT id, project_id AS projectId, name FROM environments WHERE id = $1`,
        id,
      ),
    environmentIds: (projectId: string | null): string[] =>
      (projectId === null
        ? db.all<{ id: string }>(`SELECT id FROM environments`)
        : db.all<{ id: string }>(`SELECT id FROM environments WHERE project_id = $1`, projectId))
        .map((r) => r.id),
    putEnvironment: (e: FeedEnvironment) =>
      db.run(
        `INSERT INTO environments (id, project_id, name) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET project_id = excluded.project_id, name = excluded.name`,
        e.id,
        e.projectId,
        e.name,
      ),
    /** Removes the environment with its rendered rows, tombstones and keys. */
    deleteEnvironment: (id: string) => {
      db.run(`DELETE FROM environments WHERE id = $1`, id);
      db.run(`DELETE FROM rendered WHERE environment_id = $1`, id);
      db.run(`DELETE FROM tombstones WHERE environment_id = $1`, id);
      db.run(`DELETE FROM sdk_keys WHERE environment_id = $1`, id);
    },

    // --- raw configs and their references
    /**
     * The config, opened when sensitive (still `sensitive: true`); undefined when there is
     * none, or when it is sensitive and this instance lacks the master key of its data key.
     */
    config: (projectId: string, name: string): FeedConfig | undefined => {
      const c = storedConfig(projectId, name);
      if (c?.sealed === undefined) return c;
      const plain = openSealed(c.sealed);
      if (plain === null) {
        onWithheld?.(c, withheldWhy(c.sealed));
        return undefined;
      }
      return { ...c, ...renderBody(JSON.parse(plain) as SealedBody) };
    },
    /** The config as the feed carried it: a sensitive one stays sealed (relay snapshots). */
    storedConfig: (projectId: string, name: string) => storedConfig(projectId, name),
    configById: (id: string): { projectId: string; name: string } | undefined =>
      db.get(`SELECT project_id AS projectId, name FROM configs WHERE id = $1`, id),
    configNames: (projectId: string): string[] =>
      db.all<{ name: string }>(`SELECT name FROM configs WHERE project_id = $1`, projectId)
        .map((r) => r.name),
    putConfig: (c: FeedConfig, references: Iterable<string>) => {
      db.run(
        `INSERT INTO configs (project_id, name, id, data) VALUES ($1, $2, $3, $4)
         ON CONFLICT (project_id, name) DO UPDATE SET id = excluded.id, data = excluded.data`,
        c.projectId,
        c.name,
        c.id,
        JSON.stringify(c),
      );
      db.run(
        `DELETE FROM config_refs WHERE project_id = $1 AND from_name = $2`,
        c.projectId,
        c.name,
      );
      for (const to of references) {
        db.run(
          `INSERT INTO config_refs (project_id, to_name, from_name) VALUES ($1, $2, $3)`,
          c.projectId,
          to,
          c.name,
        );
      }
    },
    deleteConfig: (projectId: string, name: string) => {
      db.run(`DELETE FROM configs WHERE project_id = $1 AND name = $2`, projectId, name);
      db.run(`DELETE FROM config_refs WHERE project_id = $1 AND from_name = $2`, projectId, name);
    },
    deleteProjectConfigs: (projectId: string) => {
      db.run(`DELETE FROM configs WHERE project_id = $1`, projectId);
      db.run(`DELETE FROM config_refs WHERE project_id = $1`, projectId);
      db.run(`DELETE FROM targets WHERE project_id = $1`, projectId);
    },

    // --- segments and exclusion groups
    /** The project's segments and groups, for rendering (targeting/model.ts). */
    targets: (projectId: string): { kind: string; name: string; data: unknown }[] =>
      db.all<{ kind: string; name: string; data: string }>(
        `SELECT kind, name, data FROM targets WHERE project_id = $1`,
        projectId,
      ).map((r) => ({ kind: r.kind, name: r.name, data: JSON.parse(r.data) })),
    putTarget: (t: FeedTarget) =>
      db.run(
        `INSERT INTO targets (project_id, kind, name, id, data) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (project_id, kind, name) DO UPDATE SET id = excluded.id, data = excluded.data`,
        t.projectId,
        t.kind,
        t.name,
        t.id,
        JSON.stringify(t.data),
      ),
    deleteTarget: (projectId: string, kind: string, name: string) =>
      db.run(
        `DELETE FROM targets WHERE project_id = $1 AND kind = $2 AND name = $3`,
        projectId,
        kind,
        name,
      ),
    /** Configs whose overrides use `name` (a config name, or a key from targeting/uses.ts). */
    dependents: (projectId: string, name: string): string[] =>
      db.all<{ from_name: string }>(
        `SELECT from_name FROM config_refs WHERE project_id = $1 AND to_name = $2`,
        projectId,
        name,
      ).map((r) => r.from_name),

    // --- rendered rows and tombstones
    /** The wire JSON (opened when sealed; undefined when it cannot be). */
    rendered: (environmentId: string, name: string): string | undefined => {
      const row = db.get<{ json: string; sensitive: number }>(
        `SELECT json, sensitive FROM rendered WHERE environment_id = $1 AND name = $2`,
        environmentId,
        name,
      );
      return row && (row.sensitive ? openSealed(row.json) ?? undefined : row.json);
    },
    renderedNames: (environmentId: string): string[] =>
      db.all<{ name: string }>(`SELECT name FROM rendered WHERE environment_id = $1`, environmentId)
        .map((r) => r.name),
    renderedSensitive: (environmentId: string, name: string): boolean =>
      db.get<{ sensitive: number }>(
        `SELECT sensitive FROM rendered WHERE environment_id = $1 AND name = $2`,
        environmentId,
        name,
      )?.sensitive === 1,
    /** `sealedWith`: for a sensitive config, a value sealed under the data key to use. */
    putRendered: (
      environmentId: string,
      name: string,
      revision: number,
      json: string,
      sealedWith?: string,
    ) => {
      const stored = sealedWith === undefined ? json : sealLike(sealedWith, json);
      db.run(
        `INSERT INTO rendered (environment_id, name, revision, json, sensitive)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (environment_id, name) DO UPDATE SET revision = excluded.revision,
         json = excluded.json, sensitive = excluded.sensitive`,
        environmentId,
        name,
        revision,
        stored,
        sealedWith === undefined ? 0 : 1,
      );
      db.run(`DELETE FROM tombstones WHERE environment_id = $1 AND name = $2`, environmentId, name);
    },
    /** Deletes the rendered row and leaves a tombstone for resuming clients. */
    deleteRendered: (environmentId: string, name: string, revision: number) => {
      db.run(`DELETE FROM rendered WHERE environment_id = $1 AND name = $2`, environmentId, name);
      db.run(
        `INSERT INTO tombstones (environment_id, name, revision) VALUES ($1, $2, $3)
         ON CONFLICT (environment_id, name) DO UPDATE SET revision = excluded.revision`,
        environmentId,
        name,
        revision,
      );
    },

    /**
     * Everything SDKs of one environment see, or null for an unknown environment; sensitive
     * configs only with `sensitive` (for keys that may read them).
     */
    loadEnvironment(environmentId: string, sensitive = false): LoadedEnvironment | null {
      const env = this.environment(environmentId);
      if (!env) return null;
      const rows = db.all<{ name: string; json: string; sensitive: number }>(
        `SELECT name, json, sensitive FROM rendered WHERE environment_id = $1 ORDER BY name`,
        environmentId,
      ).flatMap((r) => {
        if (!r.sensitive) return [r];
        const json = sensitive ? openSealed(r.json) : null;
        return json === null ? [] : [{ name: r.name, json }];
      });
      const newest = db.get<{ r: number | null }>(
        `SELECT max(r) AS r FROM (
           SELECT max(revision) AS r FROM rendered WHERE environment_id = $1
           UNION ALL SELECT max(revision) AS r FROM tombstones WHERE environment_id = $1)`,
        environmentId,
      );
      return {
        projectId: env.projectId,
        revision: Number(newest?.r ?? 0),
        configs: new Map(rows.map((r) => [r.name, r.json])),
      };
    },

    /**
     * What changed in the environment after `revision`, oldest first. Without `sensitive`, a
     * sensitive config reads as deleted (it may have been visible before it became sensitive).
     */
    changesSince: (
      environmentId: string,
      revision: number,
      sensitive = false,
    ): EnvironmentChange[] =>
      db.all<EnvironmentChange & { sensitive: number }>(
        `SELECT name, revision, json, sensitive FROM rendered
         WHERE environment_id = $1 AND revision > $2
         UNION ALL
         SELECT name, revision, NULL AS json, 0 AS sensitive FROM tombstones
         WHERE environment_id = $1 AND revision > $2
         ORDER BY revision, name`,
        environmentId,
        revision,
      ).map((r) => ({
        name: r.name,
        revision: Number(r.revision),
        json: r.sensitive && r.json !== null ? (sensitive ? openSealed(r.json) : null) : r.json,
      })),
  };

  function dataKey(id: string): Uint8Array | null {
    const k = db.get<WrappedDataKey>(
      `SELECT id, project_id AS projectId, wrapped, master_key_id AS masterKeyId
       FROM data_keys WHERE id = $1`,
      id,
    );
    return k ? ring.unwrap(k) : null;
  }

  function storedConfig(projectId: string, name: string): FeedConfig | undefined {
    const row = db.get<{ data: string }>(
      `SELECT data FROM configs WHERE project_id = $1 AND name = $2`,
      projectId,
      name,
    );
    return row && JSON.parse(row.data) as FeedConfig;
  }

  function withheldWhy(sealed: string): string {
    const id = sealedKeyId(sealed);
    const k = id === null ? undefined : db.get<{ masterKeyId: string }>(
      `SELECT master_key_id AS masterKeyId FROM data_keys WHERE id = $1`,
      id,
    );
    if (!k) return `its data key ${id} has not reached this instance`;
    return ring.configured
      ? `its data key ${id} is wrapped under master key ${k.masterKeyId}, which is not this ` +
        "instance's ENCRYPTION_KEY or ENCRYPTION_KEY_PREVIOUS"
      : `its data key ${id} is wrapped under master key ${k.masterKeyId} and this instance has ` +
        "no ENCRYPTION_KEY";
  }

  function openSealed(sealed: string): string | null {
    const id = sealedKeyId(sealed);
    const key = id === null ? null : dataKey(id);
    return key ? openWith(key, sealed) : null;
  }

  /** `plain` sealed under the data key that sealed `like`. */
  function sealLike(like: string, plain: string): string {
    const id = sealedKeyId(like);
    const key = id === null ? null : dataKey(id);
    if (id === null || key === null) throw new Error(`Cannot seal under data key ${id}`);
    return sealWith(id, key, plain);
  }
}

/** An OnWithheld that logs a warning once per config and reason. */
export function warnWithheld(log: Logger): OnWithheld {
  const warned = new Set<string>();
  return (c, why) => {
    const key = `${c.id} ${why}`;
    if (warned.has(key)) return;
    warned.add(key);
    log.warn(
      `Withholding sensitive config "${c.name}" from every SDK key: ${why}. Set ENCRYPTION_KEY ` +
        "(or ENCRYPTION_KEY_FILE) to the master key of the primary to serve it",
      { projectId: c.projectId, config: c.name },
    );
  };
}
