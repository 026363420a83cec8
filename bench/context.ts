// What every section gets: the run's options, an abort signal for its time budget, a logger.
export type Mode = "embedded" | "postgres";

export type BenchContext = {
  quick: boolean;
  modes: Mode[];
  /** Aborted when the section runs over its time budget or the user presses Ctrl-C. */
  signal: AbortSignal;
  log(message: string): void;
  /** Why Postgres mode cannot run (unreachable), or null. */
  postgresProblem: string | null;
};

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Wall-clock ms with sub-ms resolution, comparable across processes on this machine. */
export const wallNow = () => performance.timeOrigin + performance.now();
