// What relays add to the change feed and to snapshots: relay keys (so any instance, a relay
// too, can check the key of a relay below it) and each project's workspace (so a key scoped
// to a workspace can be resolved from the replica alone).
import type { Change, ChangePayload } from "../store/changes.ts";

/** Which part of a workspace a relay key reads: all of it, some projects or some environments. */
export type RelayScope = {
  workspaceId: string;
  /** Set for a key scoped to projects. */
  projectIds: string[] | null;
  /** Set for a key scoped to environments. */
  environmentIds: string[] | null;
};

export type FeedRelayKey = RelayScope & { id: string; keyHash: string };
export type FeedProject = { id: string; workspaceId: string };

export type RelayChangePayload =
  | { kind: "relay_key"; id: string; projectId: null; key: FeedRelayKey }
  | { kind: "relay_key_deleted"; id: string; projectId: null; key: RelayScope & { id: string } }
  /** Sent by a feed after the last change it passed on, so a scoped relay's cursor keeps up. */
  | { kind: "checkpoint" };

export type RelayChange = { revision: number; createdAt: string } & RelayChangePayload;

/** A change of the feed, with the kinds relays add (apply.ts ignores those). */
export type AnyChange = Change | RelayChange;

/** The feed's appender takes our kinds too: it stores any payload with an id and a project id. */
export const asPayload = (p: RelayChangePayload): ChangePayload => p as unknown as ChangePayload;

/** What a snapshot adds for relays. */
export type RelaySnapshotExtras = { projects?: FeedProject[]; relayKeys?: FeedRelayKey[] };
