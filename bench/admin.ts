// Admin API writes as the benchmarks issue them: PUT /api/admin/v1/projects/{id}/configs/{name}
// with the full state (REPLANE_COMPAT.md §3), timed from just before the request to the 2xx.
import type { ConfigState } from "../src/store/types.ts";
import { wallNow } from "./context.ts";

export type Write = {
  /** Wall-clock ms (wallNow) just before the request was sent. */
  start: number;
  /** Wall-clock ms when the response body had been read. */
  ack: number;
  status: number;
};

export type Writer = {
  put(name: string, state: ConfigState): Promise<Write>;
};

export function adminWriter(baseUrl: string, adminKey: string, projectId: string): Writer {
  const headers = { "Authorization": `Bearer ${adminKey}`, "Content-Type": "application/json" };
  return {
    async put(name, state) {
      const body = JSON.stringify({
        description: state.description,
        editors: [],
        base: state.base,
        variants: [],
      });
      const url = `${baseUrl}/api/admin/v1/projects/${projectId}/configs/${name}`;
      const start = wallNow();
      const res = await fetch(url, { method: "PUT", headers, body });
      const text = await res.text();
      const ack = wallNow();
      if (!res.ok) throw new AdminWriteError(res.status, text);
      return { start, ack, status: res.status };
    },
  };
}

export class AdminWriteError extends Error {
  constructor(readonly status: number, readonly body: string) {
    super(`Admin PUT answered ${status}: ${body.slice(0, 200)}`);
    this.name = "AdminWriteError";
  }
}

/** Null when the admin API takes a config PUT, else why not (e.g. the route is not there yet). */
export async function adminUnavailable(
  writer: Writer,
  name: string,
  state: ConfigState,
): Promise<string | null> {
  try {
    await writer.put(name, state);
    return null;
  } catch (error) {
    if (error instanceof AdminWriteError && error.status === 404 && /No route/.test(error.body)) {
      return "the admin API route PUT /api/admin/v1/projects/{projectId}/configs/{name} " +
        "is not mounted yet (404 No route)";
    }
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * `writers` closed-loop writers, each on its own config, for `durationMs`.
 * Returns every write's latency (ms) and the total count.
 */
export async function writeLoop(
  writer: Writer,
  writers: number,
  durationMs: number,
  stateFor: (writerIndex: number, seq: number) => { name: string; state: ConfigState },
): Promise<{ latencies: number[]; elapsedMs: number }> {
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + durationMs;
  await Promise.all(Array.from({ length: writers }, async (_, w) => {
    for (let seq = 1; performance.now() < end; seq++) {
      const { name, state } = stateFor(w, seq);
      const r = await writer.put(name, state);
      latencies.push(r.ack - r.start);
    }
  }));
  return { latencies, elapsedMs: performance.now() - start };
}
