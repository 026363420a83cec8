import assert from "node:assert/strict";
import { openSqliteStore } from "./sqlite/sqlite_store.ts";

async function withStore(
  fn: (store: Awaited<ReturnType<typeof openSqliteStore>>) => Promise<void>,
) {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-scope-" });
  const store = await openSqliteStore(`${dir}/dialtone.db`);
  try {
    await fn(store);
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("store.write() inside a write joins it: one commit, reads see its writes", async () => {
  await withStore(async (store) => {
    const names = await store.write(async () => {
      const ws = await store.write((tx) => tx.workspaces.create("Inner"));
      // A read here would wait forever for the write queue if it did not join.
      return await store.read(async (tx) => (await tx.workspaces.get(ws.id))?.name);
    });
    assert.equal(names, "Inner");
  });
});

Deno.test("a joined write that throws is undone alone; the outer one commits", async () => {
  await withStore(async (store) => {
    const kept = await store.write(async () => {
      const kept = await store.write((tx) => tx.workspaces.create("Kept"));
      await assert.rejects(
        store.write(async (tx) => {
          await tx.workspaces.create("Undone");
          throw new Error("boom");
        }),
        /boom/,
      );
      return kept;
    });
    const all = await store.read((tx) =>
      tx.db.all<{ name: string }>(`SELECT name FROM workspaces`)
    );
    assert.deepEqual(all.map((w) => w.name), [kept.name]);
  });
});

Deno.test("an outer write that throws undoes its joined writes", async () => {
  await withStore(async (store) => {
    await assert.rejects(
      store.write(async () => {
        await store.write((tx) => tx.workspaces.create("Gone"));
        throw new Error("outer");
      }),
      /outer/,
    );
    const n = await store.read((tx) =>
      tx.db.get<{ n: number }>(`SELECT count(*) AS n FROM workspaces`)
    );
    assert.equal(Number(n?.n), 0);
  });
});

Deno.test("work left running after a transaction commits opens its own", async () => {
  await withStore(async (store) => {
    let later: Promise<unknown> = Promise.resolve();
    const { promise: gate, resolve } = Promise.withResolvers<void>();
    await store.write(() => {
      later = gate.then(() => store.write((tx) => tx.workspaces.create("Later")));
      return Promise.resolve();
    });
    resolve();
    await later;
    const n = await store.read((tx) =>
      tx.db.get<{ n: number }>(`SELECT count(*) AS n FROM workspaces`)
    );
    assert.equal(Number(n?.n), 1);
  });
});
