import assert from "node:assert/strict";
import { silentLogger } from "../log.ts";
import { replicaTables } from "../replica/replica.ts";
import { openReplicaDb } from "../replica/replica_db.ts";
import type { Change } from "../store/changes.ts";
import { FeedStreams } from "./feed_streams.ts";
import { relayTables } from "./relay_tables.ts";
import { replicationFeedRouter } from "../http/replication_feed.ts";
import { generateKey } from "../auth/keys.ts";

const W = "ws-1";

function project(revision: number): Change {
  return {
    revision,
    createdAt: new Date().toISOString(),
    kind: "project",
    id: `p-${revision}`,
    workspaceId: W,
    name: `P${revision}`,
  };
}

async function withReplica(fn: (path: string) => void | Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-relay-tables-" });
  try {
    await fn(`${dir}/replica.db`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("relayTables() logs applied changes, keeps the newest, and moves its floor", () =>
  withReplica((path) => {
    const db = openReplicaDb(path, silentLogger);
    const r = replicaTables(db);
    const t = relayTables(r, 3);
    const ext = t.extension(() => {});
    db.transaction(() =>
      ext.reset({
        databaseId: "db",
        revision: 10,
        environments: [],
        configs: [],
        sdkKeys: [],
        targets: [],
      })
    );
    assert.equal(t.floor(), 10);
    db.transaction(() => ext.apply([11, 12].map(project)));
    assert.deepEqual(t.after(10, 100).map((c) => c.revision), [11, 12]);
    assert.equal(t.workspaceOf("p-11"), W);
    db.transaction(() => ext.apply([13, 14, 15, 16].map(project)));
    // Pruned to the newest 3: a cursor at 12 is now too old.
    assert.equal(t.floor(), 13);
    assert.deepEqual(t.after(13, 100).map((c) => c.revision), [14, 15, 16]);
    db.close();
  }));

Deno.test("the feed asks a relay behind the log's floor to resync", () =>
  withReplica(async (path) => {
    const db = openReplicaDb(path, silentLogger);
    const r = replicaTables(db);
    const t = relayTables(r, 2);
    const ext = t.extension(() => {});
    const id = crypto.randomUUID();
    const key = generateKey("relay", id);
    db.transaction(() => {
      ext.reset({
        databaseId: "db",
        revision: 1,
        environments: [],
        configs: [],
        sdkKeys: [],
        targets: [],
        relayKeys: [{
          id,
          keyHash: key.hash,
          workspaceId: W,
          projectIds: null,
          environmentIds: null,
        }],
      });
      r.setDatabaseId("db");
    });
    db.transaction(() => {
      ext.apply([2, 3, 4, 5].map(project));
      r.setCursor(5);
    });
    const feeds = new FeedStreams(r, t, silentLogger, 60_000);
    const app = replicationFeedRouter(feeds);
    const res = await app.request("/relay/v1/feed?after=2&database=db", {
      headers: { authorization: `Bearer ${key.key}` },
    });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const hello = JSON.parse((await reader.read()).value!.split("\n")[0]!);
    assert.match(hello.resync, /the cursor 2 is older than this feed keeps \(changes after 3\)/);
    await reader.cancel();
    feeds.close();
    db.close();
  }));

Deno.test("relayTables() on a replica filled before it existed forgets the database id", () =>
  withReplica((path) => {
    const db = openReplicaDb(path, silentLogger);
    const r = replicaTables(db);
    r.setCursor(7);
    r.setDatabaseId("old");
    relayTables(r);
    assert.equal(r.databaseId(), "", "so the next contact with the source resyncs");
    assert.equal(r.cursor(), 7, "the warm replica keeps serving meanwhile");
    r.setDatabaseId("new");
    relayTables(r);
    assert.equal(r.databaseId(), "new", "only the first time");
    db.close();
  }));

Deno.test("relayTables() also keeps the log under its byte budget", () =>
  withReplica((path) => {
    const db = openReplicaDb(path, silentLogger);
    const r = replicaTables(db);
    // Each logged project row is 44 bytes of payload: a budget of 150 keeps three.
    const t = relayTables(r, 100, 150);
    const ext = t.extension(() => {});
    db.transaction(() => ext.apply([1, 2, 3, 4, 5].map(project)));
    assert.equal(t.floor(), 2);
    assert.deepEqual(t.after(t.floor(), 100).map((c) => c.revision), [3, 4, 5]);
    db.close();
  }));
