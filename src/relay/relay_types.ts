// What relays add to the change feed and to snapshots: relay keys (so any instance, a relay
// too, can check the key of a relay below it) and each project's workspace (so a key scoped
// to a workspace can be resolved from the replica alone).
import type { Change, ChangePayload, FeedRelayKey, RelayScope } from "../store/changes.ts";

export type { FeedRelayKey, RelayScope };
export type FeedProject = { id: string; workspaceId: string };

export type RelayChangePayload =
  | Extract<ChangePayload, { kind: "relay_key" | "relay_key_deleted" }>
  /** Sent by a feed after the last change it passed on, so a scoped relay's cursor keeps up. */
  | { kind: "checkpoint" };

export type RelayChange = { revision: number; createdAt: string } & RelayChangePayload;

/** A change of the feed, with the checkpoints feeds add (apply.ts ignores relay kinds). */
export type AnyChange = Change | RelayChange;

/** What a snapshot adds for relays. */
export type RelaySnapshotExtras = { projects?: FeedProject[]; relayKeys?: FeedRelayKey[] };
