import assert from "node:assert/strict";
import { inTransaction, openSqlite } from "./sqlite_db.ts";

function withDb(fn: (db: ReturnType<typeof openSqlite>) => Promise<void>) {
  return async () => {
    const dir = await Deno.makeTempDir({ prefix: "dialtone-sqlite-db-" });
    const db = openSqlite(`${dir}/t.db`);
    try {
      db.exec("CREATE TABLE t (x INTEGER NOT NULL)");
      await fn(db);
    } finally {
      db.close();
      await Deno.remove(dir, { recursive: true });
    }
  };
}

const count = (db: ReturnType<typeof openSqlite>) =>
  (db.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n;

Deno.test(
  "inTransaction() commits what a function or its promise did and returns the result",
  withDb(async (db) => {
    assert.equal(inTransaction(db, () => db.exec("INSERT INTO t VALUES (1)") ?? "sync"), "sync");
    const done = await inTransaction(db, async () => {
      await null;
      db.exec("INSERT INTO t VALUES (2)");
      return "async";
    });
    assert.equal(done, "async");
    assert.equal(count(db), 2);
    assert.equal(db.isTransaction, false);
  }),
);

Deno.test(
  "inTransaction() rolls back on a throw, a rejection or a failed statement",
  withDb(async (db) => {
    assert.throws(
      () =>
        inTransaction(db, () => {
          db.exec("INSERT INTO t VALUES (1)");
          throw new Error("sync boom");
        }),
      /sync boom/,
    );
    await assert.rejects(
      inTransaction(db, async () => {
        db.exec("INSERT INTO t VALUES (2)");
        await null;
        throw new Error("async boom");
      }),
      /async boom/,
    );
    assert.throws(() =>
      inTransaction(db, () => {
        db.exec("INSERT INTO t VALUES (3)");
        db.exec("INSERT INTO t VALUES (NULL)");
      })
    );
    assert.equal(count(db), 0);
    assert.equal(db.isTransaction, false);
  }),
);
