import assert from "node:assert/strict";
import { silentLogger } from "../log.ts";
import { openSqliteStore } from "../store/sqlite/sqlite_store.ts";
import type { Store } from "../store/store.ts";
import { startFeedPruner } from "./feed_retention.ts";

async function withStore(fn: (store: Store) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-retention-" });
  const store = await openSqliteStore(`${dir}/d.db`);
  try {
    const ws = await store.write((tx) => tx.workspaces.create("W"));
    for (let i = 0; i < 5; i++) await store.write((tx) => tx.projects.create(ws.id, `p${i}`));
    await fn(store);
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const revisions = (store: Store) =>
  store.read(async (tx) =>
    (await tx.db.all<{ revision: number }>(`SELECT revision FROM changes ORDER BY revision`))
      .map((r) => Number(r.revision))
  );

Deno.test("the pruner deletes changes older than the retention, keeping the newest", async () => {
  await withStore(async (store) => {
    const all = await revisions(store);
    assert.equal(all.length, 5);
    const keep = startFeedPruner(store, silentLogger, { retentionHours: 1, firstDelayMs: 1e9 });
    assert.equal(await keep.prune(), 0);
    await keep.stop();

    // Its first run comes on its own; here the clock is two hours ahead.
    const later = startFeedPruner(store, silentLogger, {
      retentionHours: 1,
      now: () => Date.now() + 2 * 3_600_000,
      firstDelayMs: 0,
    });
    const deadline = Date.now() + 5_000;
    while ((await revisions(store)).length > 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await later.stop();
    assert.deepEqual(await revisions(store), [all[4]!]);
    assert.equal(await store.read((tx) => tx.feed.oldest()), all[4]!);
  });
});

Deno.test("pruning deletes a prefix of revisions even when clocks disagree", async () => {
  await withStore(async (store) => {
    const all = await revisions(store);
    // Revision 4 was stamped by an instance whose clock ran behind.
    await store.write((tx) =>
      tx.db.run(`UPDATE changes SET created_at = '2000-01-01T00:00:00.000Z' WHERE revision = $1`, [
        all[3]!,
      ])
    );
    const pruner = startFeedPruner(store, silentLogger, { retentionHours: 1, firstDelayMs: 1e9 });
    assert.equal(await pruner.prune(), 4);
    await pruner.stop();
    // Not just revision 4: a hole would let a replica at 2 skip 3 without noticing.
    assert.deepEqual(await revisions(store), [all[4]!]);
  });
});
