// Helpers for the tests of Dialtone's own SDK (sdk/js), imported from source: a client with
// quick retries, and a fetch that records what each stream request sent and received.
import { Dialtone, type DialtoneOptions } from "../../sdk/js/src/mod.ts";

/** A client for `url` with short timeouts and retries, not yet awaited. */
export function dialtone(url: string, sdkKey: string, options: Partial<DialtoneOptions> = {}) {
  return new Dialtone({
    baseUrl: url,
    sdkKey,
    readyTimeoutMs: 5_000,
    connectTimeoutMs: 2_000,
    backoff: { initialMs: 100, maxMs: 500 },
    ...options,
  });
}

export type RecordedStream = { lastEventId: string | null; text: string };

/** A fetch that keeps, per stream request, its Last-Event-ID and the text it received. */
export function recordingFetch(): { fetch: typeof fetch; streams: RecordedStream[] } {
  const streams: RecordedStream[] = [];
  const recording: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (!String(input).endsWith("/replication/stream") || !res.body) return res;
    const headers = new Headers(init?.headers);
    const entry: RecordedStream = { lastEventId: headers.get("last-event-id"), text: "" };
    streams.push(entry);
    const [mine, theirs] = res.body.tee();
    (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of mine) entry.text += decoder.decode(chunk, { stream: true });
      } catch { /* the client aborted it */ }
    })();
    return new Response(theirs, { status: res.status, headers: res.headers });
  };
  return { fetch: recording, streams };
}

/** The data records of a recorded stream. */
export function records(stream: RecordedStream): { type: string; [k: string]: unknown }[] {
  return stream.text.split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line) => JSON.parse(line.slice(6)));
}
