// Lets a write transaction hold everything a request does: while a store.write() runs, a
// store.read() or store.write() called from inside it (in the same async context) joins that
// transaction instead of opening its own. A joined write runs in a savepoint, so when it throws
// only its own statements are undone. The idempotency hook (src/http/admin/idempotency.ts)
// uses this to commit a mutation and its stored answer together.
import { AsyncLocalStorage } from "node:async_hooks";
import type { Tx } from "./store.ts";

type Frame = { tx: Tx; open: boolean };

export type TxScope = ReturnType<typeof txScope>;

/** One per store: two stores in one process (tests) never join each other's transactions. */
export function txScope() {
  const storage = new AsyncLocalStorage<Frame>();
  let savepoints = 0;
  return {
    /** The write transaction this call runs inside, if it is still open. */
    current(): Tx | null {
      const frame = storage.getStore();
      return frame?.open ? frame.tx : null;
    },

    /** Runs the outermost transaction's body; work it started and left running joins nothing. */
    async run<T>(tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
      const frame: Frame = { tx, open: true };
      try {
        return await storage.run(frame, () => fn(tx));
      } finally {
        frame.open = false;
      }
    },

    /** A write inside an open transaction: a savepoint, rolled back alone when `fn` throws. */
    async nested<T>(tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
      const name = `dialtone_sp_${++savepoints}`;
      await tx.db.run(`SAVEPOINT ${name}`);
      try {
        const result = await fn(tx);
        await tx.db.run(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await tx.db.run(`ROLLBACK TO SAVEPOINT ${name}`);
        await tx.db.run(`RELEASE SAVEPOINT ${name}`);
        throw error;
      }
    },
  };
}
