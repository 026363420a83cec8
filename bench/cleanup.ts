// Everything the bench starts or creates is registered here, so a failure or Ctrl-C still
// kills every process, removes every temp dir and drops every database.
const children = new Set<Deno.ChildProcess>();
const dirs = new Set<string>();
const finalizers = new Set<() => Promise<void>>();

export function trackChild(child: Deno.ChildProcess): Deno.ChildProcess {
  children.add(child);
  child.status.then(() => children.delete(child), () => children.delete(child));
  return child;
}

export async function tempDir(prefix: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: `dialtone-bench-${prefix}-` });
  dirs.add(dir);
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  dirs.delete(dir);
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}

/** Registers `fn` to run at cleanup; the returned function runs it now and unregisters it. */
export function onCleanup(fn: () => Promise<void>): () => Promise<void> {
  finalizers.add(fn);
  return async () => {
    if (finalizers.delete(fn)) await fn();
  };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopChild(child: Deno.ChildProcess, graceMs = 3000): Promise<void> {
  const kill = (signal: Deno.Signal) => {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  };
  kill("SIGTERM");
  const timer = setTimeout(() => kill("SIGKILL"), graceMs);
  try {
    await child.status;
  } finally {
    clearTimeout(timer);
  }
}

let cleaning: Promise<void> | null = null;

/** Stops every process, runs every finalizer, removes every dir; safe to call again later. */
export function cleanupAll(): Promise<void> {
  return cleaning ??= (async () => {
    await Promise.allSettled([...children].map((c) => stopChild(c, 2000)));
    for (const fn of [...finalizers]) {
      finalizers.delete(fn);
      await fn().catch(() => {});
    }
    for (const dir of [...dirs]) await removeDir(dir);
  })().finally(() => (cleaning = null));
}

/** Ctrl-C, SIGTERM and SIGHUP clean up, then exit with 128 + signal number. */
export function installSignalHandlers(onSignal: (signal: string) => void): void {
  const codes: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    Deno.addSignalListener(signal, () => {
      onSignal(signal);
      cleanupAll().finally(() => Deno.exit(codes[signal]));
    });
  }
}
