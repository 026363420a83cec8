// The primary store on one SQLite file (embedded mode). Transactions are serialized
// through one queue; the doorbell for the replicator rings in-process after each commit.
import type { KeyRing } from "../../auth/envelope.ts";
import { nowIso } from "../db.ts";
import { applyMigrations } from "../migrate.ts";
import { MIGRATIONS } from "../migrations.gen.ts";
import { createTx, runCommitHooks, type Store, type Tx } from "../store.ts";
import { txScope } from "../tx_scope.ts";
import { inTransaction, openSqlite, sqliteDb } from "./sqlite_db.ts";

/** `keys`: the master keys for sensitive configs (src/auth/envelope.ts); none by default. */
export async function openSqliteStore(path: string, keys?: KeyRing): Promise<Store> {
  const raw = openSqlite(path);
  const db = sqliteDb(raw);
  const exec = (script: string) => Promise.resolve(raw.exec(script));
  await applyMigrations({ db, exec }, MIGRATIONS.sqlite, nowIso);

  const listeners = new Set<(revision: number) => void>();
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  const scope = txScope();

  // One connection: a transaction must not interleave with another one's statements.
  const serialized = <T>(fn: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error("Cannot use the store: it is closed"));
    const result = queue.then(fn);
    queue = result.catch(() => {});
    return result;
  };

  return {
    dialect: "sqlite",

    read: <T>(fn: (tx: Tx) => Promise<T>) => {
      const open = scope.current();
      return open ? fn(open) : serialized(() => fn(createTx(db, keys)));
    },

    write: <T>(fn: (tx: Tx) => Promise<T>) => {
      const open = scope.current();
      if (open) return scope.nested(open, fn);
      return serialized(async () => {
        const tx = createTx(db, keys);
        const result = await inTransaction(raw, () => scope.run(tx, fn));
        runCommitHooks(tx);
        const revision = tx.feed.lastAppended;
        if (revision !== null) { for (const l of listeners) l(revision); }
        return result;
      });
    },

    listen: (onChange) => {
      listeners.add(onChange);
      return Promise.resolve(() => {
        listeners.delete(onChange);
        return Promise.resolve();
      });
    },

    close: async () => {
      closed = true;
      await queue;
      raw.close();
    },
  };
}
