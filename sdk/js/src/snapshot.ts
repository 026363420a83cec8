// The last known state, kept for an offline start: on disk (Node, Deno, Bun) or in
// localStorage (browsers), or anywhere a SnapshotStore can put a string.
import type { WireConfig } from "../../../src/domain/overrides.ts";

export type SnapshotStore = {
  load(): Promise<string | null>;
  save(text: string): Promise<void>;
};

export type Snapshot = {
  version: 1;
  savedAt: string;
  /** Which SDK key wrote it (a hash): another key's snapshot is not used. */
  keyHash: string;
  /** The stream id of the last applied frame, for Last-Event-ID; null against plain Replane. */
  lastEventId: string | null;
  configs: WireConfig[];
};

/** A JSON file at `path`; node:fs is loaded only when used, so browser bundles never need it. */
export function fileSnapshot(path: string): SnapshotStore {
  // A computed specifier keeps bundlers from resolving node:fs for the browser.
  const fsModule = "node:fs/promises";
  const fs = () => import(fsModule) as Promise<typeof import("node:fs/promises")>;
  return {
    async load() {
      try {
        return await (await fs()).readFile(path, "utf8");
      } catch (error) {
        if ((error as { code?: string }).code === "ENOENT") return null;
        throw error;
      }
    },
    async save(text) {
      const { writeFile, rename } = await fs();
      // Written beside and renamed over, so a crash mid-write leaves the previous snapshot.
      const temporary = `${path}.${Math.random().toString(36).slice(2)}.tmp`;
      await writeFile(temporary, text, "utf8");
      await rename(temporary, path);
    },
  };
}

/** An entry of the browser's localStorage. */
export function localStorageSnapshot(key = "dialtone-snapshot"): SnapshotStore {
  const storage = () => (globalThis as { localStorage?: Storage }).localStorage;
  return {
    load: () => Promise.resolve(storage()?.getItem(key) ?? null),
    save(text) {
      storage()?.setItem(key, text);
      return Promise.resolve();
    },
  };
}

export function encodeSnapshot(
  keyHash: string,
  lastEventId: string | null,
  configs: WireConfig[],
): string {
  const snapshot: Snapshot = {
    version: 1,
    savedAt: new Date().toISOString(),
    keyHash,
    lastEventId,
    configs,
  };
  return JSON.stringify(snapshot);
}

/** The snapshot in `text`, or null when it is not one this SDK wrote. */
export function decodeSnapshot(text: string | null): Snapshot | null {
  if (text === null) return null;
  try {
    const data = JSON.parse(text) as Partial<Snapshot>;
    if (data.version !== 1 || !Array.isArray(data.configs)) return null;
    const configs = data.configs.filter((c) =>
      typeof c === "object" && c !== null && typeof c.name === "string" &&
      Array.isArray(c.overrides)
    );
    const id = typeof data.lastEventId === "string" ? data.lastEventId : null;
    const savedAt = String(data.savedAt ?? "");
    return {
      version: 1,
      savedAt,
      keyHash: String(data.keyHash),
      lastEventId: id,
      configs,
    };
  } catch {
    return null;
  }
}
