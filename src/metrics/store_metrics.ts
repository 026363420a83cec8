// A Store wrapper that counts what the primary is doing: operations in flight (against the
// pool size) and their durations; LISTEN reconnects come from the store's own count (one
// LISTEN connection, shared by every subscriber). Used only when metrics are on; without
// them the server holds the store itself.
import * as client from "./prom.ts";
import type { Store, Tx } from "../store/store.ts";

/** `reconnects`: LISTENs re-established after the first. */
export type StoreCounts = { inFlight: number; readonly reconnects: number };

export function instrumentStore(
  inner: Store,
  registry: client.Registry,
): { store: Store; counts: StoreCounts } {
  const counts: StoreCounts = {
    inFlight: 0,
    get reconnects() {
      return Math.max(0, (inner.listens ?? 0) - 1);
    },
  };
  const duration = new client.Histogram({
    name: "dialtone_primary_operation_duration_seconds",
    help: "Primary store transactions, by kind (read, write) and outcome (ok, error)",
    labelNames: ["kind", "outcome"] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
    registers: [registry],
  });
  const timed = async <T>(kind: "read" | "write", run: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    counts.inFlight++;
    let outcome = "error";
    try {
      const result = await run();
      outcome = "ok";
      return result;
    } finally {
      counts.inFlight--;
      duration.observe({ kind, outcome }, (performance.now() - start) / 1000);
    }
  };
  const store: Store = {
    get dialect() {
      return inner.dialect;
    },
    get listening() {
      return inner.listening;
    },
    read: <T>(fn: (tx: Tx) => Promise<T>) => timed("read", () => inner.read(fn)),
    write: <T>(fn: (tx: Tx) => Promise<T>) => timed("write", () => inner.write(fn)),
    get listens() {
      return inner.listens;
    },
    listen: (onChange) => inner.listen(onChange),
    close: () => inner.close(),
  };
  return { store, counts };
}
