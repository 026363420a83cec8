// SDK key checks against the replica. Keys that passed are remembered by token, so the hot
// paths (stream connects, snapshots) skip the SHA-256 and the lookup; any revocation the
// replicator reports clears the memory at once, in the same tick as the replica commit. A key
// that failed is never remembered: it works as soon as it replicates.
import { hashKey, parseKey, sameHash } from "../auth/keys.ts";
import type { EnvironmentState, Hub } from "../realtime/hub.ts";
import type { ReplicaEvent } from "../replica/events.ts";
import type { Replica } from "../replica/replica.ts";
import type { FeedSdkKey } from "../store/changes.ts";

export class SdkKeys {
  readonly #valid = new Map<string, FeedSdkKey>();

  constructor(private readonly replica: Replica, private readonly maxRemembered = 10_000) {}

  /** The key row for `token`, or null when it is not a valid SDK key. */
  authenticate(token: string): FeedSdkKey | null {
    const known = this.#valid.get(token);
    if (known) return known;
    const parsed = parseKey("sdk", token);
    if (!parsed) return null;
    const row = this.replica.findKey(parsed.id);
    if (!row || !sameHash(hashKey(token), row.keyHash)) return null;
    if (this.#valid.size >= this.maxRemembered) this.#valid.clear();
    this.#valid.set(token, row);
    return row;
  }

  /** Forgets every remembered key when anything was revoked (rare, so no finer bookkeeping). */
  apply(events: ReplicaEvent[]): void {
    for (const e of events) {
      if (
        e.kind === "key_revoked" || e.kind === "environment_revoked" || e.kind === "project_revoked"
      ) {
        this.#valid.clear();
        return;
      }
    }
  }
}

export type SdkCaller = { key: FeedSdkKey; state: EnvironmentState };

/** The key and its environment for `token`, or null when it is no valid SDK key here. */
export function sdkCaller(keys: SdkKeys, hub: Hub, token: string): SdkCaller | null {
  const key = keys.authenticate(token);
  const state = key ? hub.environment(key.environmentId, key.readSensitive === true) : null;
  return key && state ? { key, state } : null;
}
