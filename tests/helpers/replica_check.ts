// Compares what a replica file holds with what Postgres says it should hold. The replica side
// reads the file directly (read-only, beside the running server); the Postgres side takes a
// snapshot of the primary and renders every environment with the replica's own render code.
// Both become sorted lines `environment name json`, and `key id environment hash`, hashed.
import { DatabaseSync } from "node:sqlite";
import { renderJson } from "../../src/domain/render.ts";
import { targetMaps } from "../../src/domain/targeting/model.ts";
import type { FeedConfig } from "../../src/store/changes.ts";
import { openPostgresStore } from "../../src/store/postgres/postgres_store.ts";

export type Digest = { checksum: string; lines: number; revision: number };

async function digest(lines: string[], revision: number): Promise<Digest> {
  lines.sort();
  const bytes = new TextEncoder().encode(lines.join("\n"));
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const checksum = [...hash].map((b) => b.toString(16).padStart(2, "0")).join("");
  return { checksum, lines: lines.length, revision };
}

/** The rendered configs and SDK keys in a replica file, and its cursor. */
export async function replicaDigest(path: string): Promise<Digest> {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const rendered = db.prepare(`SELECT environment_id, name, json FROM rendered`).all() as {
      environment_id: string;
      name: string;
      json: string;
    }[];
    const keys = db.prepare(`SELECT id, environment_id, key_hash FROM sdk_keys`).all() as {
      id: string;
      environment_id: string;
      key_hash: string;
    }[];
    const cursor = db.prepare(`SELECT value FROM meta WHERE key = 'cursor'`).get() as
      | { value: string }
      | undefined;
    const lines = [
      ...rendered.map((r) => `config ${r.environment_id} ${r.name} ${r.json}`),
      ...keys.map((k) => `key ${k.id} ${k.environment_id} ${k.key_hash}`),
    ];
    return await digest(lines, Number(cursor?.value ?? -1));
  } finally {
    db.close();
  }
}

/** The same, rendered from the primary's current state. */
export async function primaryDigest(databaseUrl: string): Promise<Digest> {
  const store = await openPostgresStore({ url: databaseUrl, maxConnections: 1 });
  try {
    const snap = await store.read((tx) => tx.feed.snapshot());
    const byProject = new Map<string, Map<string, FeedConfig>>();
    for (const c of snap.configs) {
      const configs = byProject.get(c.projectId) ?? new Map<string, FeedConfig>();
      configs.set(c.name, c);
      byProject.set(c.projectId, configs);
    }
    const lines: string[] = [];
    for (const e of snap.environments) {
      const configs = byProject.get(e.projectId) ?? new Map<string, FeedConfig>();
      const { segments, groups } = targetMaps(
        snap.targets.filter((t) => t.projectId === e.projectId),
      );
      const targets = {
        segment: (n: string) => segments.get(n),
        group: (n: string) => groups.get(n),
      };
      for (const c of configs.values()) {
        const json = renderJson(c, e.id, (n) => configs.get(n), targets);
        lines.push(`config ${e.id} ${c.name} ${json}`);
      }
    }
    for (const k of snap.sdkKeys) lines.push(`key ${k.id} ${k.environmentId} ${k.keyHash}`);
    return await digest(lines, snap.revision);
  } finally {
    await store.close();
  }
}

/** Polls until the replica file's digest equals the primary's; returns both (equal or not). */
export async function converge(
  replicaPath: string,
  databaseUrl: string,
  timeoutMs: number,
): Promise<{ replica: Digest; primary: Digest }> {
  const primary = await primaryDigest(databaseUrl);
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const replica = await replicaDigest(replicaPath);
    if (replica.checksum === primary.checksum && replica.revision === primary.revision) {
      return { replica, primary };
    }
    if (Date.now() > deadline) return { replica, primary };
    await new Promise((r) => setTimeout(r, 100));
  }
}
