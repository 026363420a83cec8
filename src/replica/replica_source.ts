// Where a replicator reads changes from: the primary store's change feed (below), or, in relay
// mode, an upstream instance's replication feed (src/relay/upstream_source.ts). Both answer the
// same two questions, so one replica writer serves both.
import { withDeadline } from "../deadline.ts";
import type { Change, FeedSnapshot } from "../store/changes.ts";
import type { Store } from "../store/store.ts";

/** A full snapshot, with what relays add to it (src/relay/relay_types.ts). */
export type SourceSnapshot = FeedSnapshot & Record<string, unknown>;

/** The changes after a cursor, or why the replica must take a full snapshot instead. */
export type SourceBatch = Change[] | { resync: string };

export type ReplicaSource = {
  /** Rings `onChange` when there may be new changes; returns how to stop listening. */
  listen(onChange: () => void): Promise<() => Promise<void>>;
  /**
   * Up to `limit` changes after `from`, oldest first ([] when there are none), or a resync
   * reason: the replica came from another database (`databaseId` is the replica's), or the
   * changes it needs are gone.
   */
  after(from: number, limit: number, databaseId: string | undefined): Promise<SourceBatch>;
  snapshot(): Promise<SourceSnapshot>;
};

const BATCH_READ_TIMEOUT_MS = 5_000;

/**
 * A source over the primary store; every read has a deadline (half-open sockets hang).
 * `extraSnapshot` adds rows to a snapshot in its read transaction (relay keys, projects).
 */
export function storeSource(
  store: Store,
  readTimeoutMs: number,
  extraSnapshot?: (tx: Parameters<Parameters<Store["read"]>[0]>[0]) => Promise<object>,
): ReplicaSource {
  /** Checked once per process: the primary must be the database this replica came from. */
  let sameDatabase = false;
  // A batch of changes is small, so it gets a short deadline: a query sent just as Postgres came
  // back can hang on its connection (seen in tests/postgres_outage_pg_test.ts), and the replica
  // would stay behind for the whole snapshot deadline before retrying.
  const batchTimeoutMs = Math.min(readTimeoutMs, BATCH_READ_TIMEOUT_MS);
  const read = <T>(
    what: string,
    fn: Parameters<Store["read"]>[0],
    ms = batchTimeoutMs,
  ): Promise<T> =>
    withDeadline(
      store.read(fn) as Promise<T>,
      ms,
      `Reading ${what} from the primary took over ${ms} ms`,
    );

  return {
    listen: (onChange) => store.listen(() => onChange()),

    async after(from, limit, databaseId) {
      if (!sameDatabase) {
        const id = await read<string>("the database id", (tx) => tx.feed.databaseId());
        if (id !== databaseId) return { resync: "the replica was filled from another database" };
        sameDatabase = true;
      }
      const changes = await read<Change[]>("changes", (tx) => tx.feed.after(from, limit));
      if (changes.length === 0) {
        const head = await read<number>("the head revision", (tx) => tx.feed.head());
        return head < from ? { resync: `primary head ${head} is behind ${from}` } : [];
      }
      if (changes[0]!.revision > from + 1) {
        const oldest = await read<number>("the oldest revision", (tx) => tx.feed.oldest());
        if (oldest > from + 1) return { resync: `changes after ${from} were pruned` };
      }
      return changes;
    },

    async snapshot() {
      const snap = await read<SourceSnapshot>("a snapshot", async (tx) => ({
        ...await tx.feed.snapshot(),
        ...await extraSnapshot?.(tx),
      }), readTimeoutMs);
      sameDatabase = true;
      return snap;
    },
  };
}
