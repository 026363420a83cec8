// OFREP, the OpenFeature Remote Evaluation Protocol (open-feature/protocol, service/openapi.yaml
// 0.3): one flag with a dynamic context, all flags with a static context (ETag / 304), and SSE
// change notifications. Everything is answered from memory and the replica: the hub's wire JSON
// per environment, compiled once per change (flag_cache.ts), evaluated by src/domain/evaluate.ts
// exactly as the stream SDK does. server.ts answers /ofrep/ here, before Hono, as it does for
// the snapshot: no middleware on the hot path.
import type { Config } from "../../config/config.ts";
import type { Logger } from "../../log.ts";
import type { Hub } from "../../realtime/hub.ts";
import type { ReplicaEvent } from "../../replica/events.ts";
import type { Replica } from "../../replica/replica.ts";
import type { Replicator } from "../../replica/replicator.ts";
import type { EvaluationCounter } from "../../service/evaluation_counter.ts";
import type { FeedSdkKey } from "../../store/changes.ts";
import type { SdkKeys } from "../sdk_auth.ts";
import { pathOf } from "../sdk_snapshot.ts";
import { etagMatches, lastEventId } from "../sdk_request.ts";
import { OfrepAuth } from "./auth.ts";
import { OfrepEvents, type OfrepEventsOptions, OPEN_FRAME, refetchFrame } from "./events.ts";
import { FlagCache } from "./flag_cache.ts";
import { resolveFlag } from "./flags.ts";
import { parseContext, ParseProblem, readBody } from "./request.ts";
import {
  bulkFailure,
  CORS,
  flagFailure,
  general,
  JSON_HEADERS,
  preflight,
  SSE_HEADERS,
} from "./responses.ts";
import { checkStreamToken, streamToken, tokenKeyId } from "./stream_token.ts";

export const OFREP_PREFIX = "/ofrep/";
const FLAGS_PATH = "/ofrep/v1/evaluate/flags";
const EVENTS_PATH = "/ofrep/v1/events";
/** How long a refetch that names a revision this replica lacks waits for it. */
const CATCH_UP_MS = 2_000;
const INACTIVITY_DELAY_SEC = 120;

/** The caller's address, for the rate limit on failed auth. */
export type ClientIp = () => string;

export type OfrepDeps = {
  hub: Hub;
  keys: SdkKeys;
  replica: Replica;
  replicator: Replicator;
  config: Config;
  log: Logger;
  counter: EvaluationCounter;
  events?: OfrepEventsOptions;
};

export class Ofrep {
  readonly flags: FlagCache;
  readonly events: OfrepEvents;
  readonly #auth: OfrepAuth;
  readonly #tokens = new Map<string, string>();

  constructor(private readonly deps: OfrepDeps) {
    this.flags = new FlagCache(deps.counter);
    this.events = new OfrepEvents(deps.events);
    this.#auth = new OfrepAuth(deps.keys, deps.hub);
  }

  /**
   * The answer to an OFREP request; null when `request` is not for OFREP. `clientIp` is asked
   * for only when a request is refused (Deno fetches the peer address with an op call).
   */
  handle(
    request: Request,
    clientIp: ClientIp = () => "unknown",
  ): Promise<Response> | Response | null {
    const url = request.url;
    const path = pathOf(url);
    if (!path.startsWith(OFREP_PREFIX)) return null;
    const method = request.method;
    if (method === "OPTIONS") return preflight(request);
    if (path.startsWith(FLAGS_PATH)) {
      if (method !== "POST") return notAllowed(method, path, "POST");
      if (path.length === FLAGS_PATH.length) return this.#bulk(request, url, clientIp);
      if (path.charCodeAt(FLAGS_PATH.length) === 47 /* "/" */) {
        return this.#single(request, clientIp, flagKey(path.slice(FLAGS_PATH.length + 1)));
      }
    }
    if (path === EVENTS_PATH) {
      return method === "GET" ? this.#stream(request) : notAllowed(method, path, "GET");
    }
    return general(404, `No OFREP route for ${method} ${path}`);
  }

  /** After the hub hears of a replica commit: notify event streams. */
  publish(events: ReplicaEvent[]): void {
    this.events.publish(events);
  }

  close(): void {
    this.events.close();
  }

  async #single(request: Request, clientIp: ClientIp, key: string): Promise<Response> {
    const caller = this.#auth.check(request.headers, clientIp);
    if (caller instanceof Response) return caller;
    const text = await readBody(request);
    if (text instanceof ParseProblem) return flagFailure(400, key, text.code, text.details);
    const context = parseContext(text);
    if (context instanceof ParseProblem) {
      return flagFailure(400, key, context.code, context.details);
    }
    const flag = this.flags.flag(caller.state, key);
    if (flag === null) {
      return flagFailure(
        404,
        key,
        "FLAG_NOT_FOUND",
        `Flag "${key}" was not found in this SDK key's environment`,
      );
    }
    const outcome = resolveFlag(flag, context);
    if (outcome === null) {
      return new Response(flag.missingKeyBytes, { status: 400, headers: JSON_HEADERS });
    }
    this.deps.counter.record(outcome.tally);
    return new Response(outcome.bytes, { headers: JSON_HEADERS });
  }

  async #bulk(request: Request, url: string, clientIp: ClientIp): Promise<Response> {
    const caller = this.#auth.check(request.headers, clientIp);
    if (caller instanceof Response) return caller;
    const text = await readBody(request);
    if (text instanceof ParseProblem) return bulkFailure(400, text.code, text.details);
    await this.#catchUp(url);
    const { state, key } = caller;
    // Equal request bodies against the same revision evaluate alike; the key's environment and
    // the context (the body) are both in the hash, so another context never gets a 304. A match
    // means this very body was answered 200 before, so it parsed then: no need to parse it now.
    const etag = `"${state.revision}.${hash64(state.id, text)}"`;
    const ifNoneMatch = request.headers.get("if-none-match");
    if (ifNoneMatch === etag || etagMatches(ifNoneMatch ?? undefined, etag)) {
      return new Response(null, { status: 304, headers: { ...CORS, ETag: etag } });
    }
    const context = parseContext(text);
    if (context instanceof ParseProblem) return bulkFailure(400, context.code, context.details);
    const headers = { ...JSON_HEADERS, ETag: etag };
    const parts: string[] = [];
    for (const flag of this.flags.all(state)) {
      const outcome = resolveFlag(flag, context);
      if (outcome === null) {
        parts.push(flag.missingKeyJson);
      } else {
        this.deps.counter.record(outcome.tally);
        parts.push(outcome.json);
      }
    }
    const origin = this.deps.config.baseUrl?.replace(/\/+$/, "") ??
      url.slice(0, url.indexOf("/", url.indexOf("//") + 2));
    const streamUrl = `${origin}${EVENTS_PATH}?token=${this.#token(key)}&since=${state.revision}`;
    const body = `{"flags":[${parts.join(",")}],"metadata":{"revision":${state.revision}},` +
      `"eventStreams":[{"type":"sse","url":${
        JSON.stringify(streamUrl)
      },"inactivityDelaySec":${INACTIVITY_DELAY_SEC}}]}`;
    return new Response(body, { headers });
  }

  /** The event stream token of `key`, remembered (an HMAC per bulk answer would cost ~5 µs). */
  #token(key: FeedSdkKey): string {
    let token = this.#tokens.get(key.id);
    if (token === undefined) {
      if (this.#tokens.size >= 10_000) this.#tokens.clear();
      token = streamToken(this.deps.config.secretKey, key.id, key.keyHash);
      this.#tokens.set(key.id, token);
    }
    return token;
  }

  /**
   * A refetch triggered by an event names the revision it saw (flagConfigEtag). Another
   * instance may have sent that event before this replica applied it: wait a little, so the
   * answer is not older than the notification. Other values are hints and are ignored.
   */
  async #catchUp(url: string): Promise<void> {
    const q = url.indexOf("?");
    if (q < 0) return;
    const wanted = /^"?(\d{1,15})"?$/.exec(
      new URLSearchParams(url.slice(q + 1)).get("flagConfigEtag") ?? "",
    );
    const revision = wanted ? Number(wanted[1]) : 0;
    if (revision <= this.deps.replicator.cursor) return;
    await this.deps.replicator.waitFor(revision, CATCH_UP_MS).catch(() => {
      this.deps.log.debug("OFREP refetch answered before its revision replicated", { revision });
    });
  }

  #stream(request: Request): Response {
    const params = new URL(request.url).searchParams;
    const token = params.get("token") ?? "";
    const keyId = tokenKeyId(token);
    const row = keyId === null ? undefined : this.deps.replica.findKey(keyId);
    const state = row && checkStreamToken(token, this.deps.config.secretKey, row.id, row.keyHash)
      ? this.deps.hub.environment(row.environmentId, row.readSensitive === true)
      : null;
    if (!row || !state) {
      return general(401, "Invalid event stream token: fetch the flags again for a new URL");
    }
    const since = lastEventId(request.headers.get("last-event-id") ?? undefined) ??
      lastEventId(params.get("since") ?? undefined);
    const first = [OPEN_FRAME];
    // Changed while this client was away: tell it at once.
    if (since !== null && state.revision > since) {
      first.push(refetchFrame(state.revision, Math.floor(Date.now() / 1000)));
    }
    const connection = this.events.connect(
      { keyId: row.id, environmentId: state.id, projectId: state.projectId },
      first,
    );
    if (!connection) return general(503, "The server is shutting down", { "Retry-After": "5" });
    return new Response(connection.stream, { headers: SSE_HEADERS });
  }
}

/**
 * FNV-1a over `a` then `b` from two offset bases: 64 bits, as hex. Not a cryptographic hash (an
 * ETag needs none), and far cheaper than node:crypto's SHA-256 (~8 µs of CPU per request here).
 */
export function hash64(a: string, b: string): string {
  const x = fnv(fnv(0x811c9dc5, a), b) >>> 0;
  const y = fnv(fnv(0x27d4eb2f, a), b) >>> 0;
  return x.toString(16).padStart(8, "0") + y.toString(16).padStart(8, "0");
}

function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ 0xff, 0x01000193); // ends `s`, so ("ab", "c") and ("a", "bc") differ
}

function flagKey(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function notAllowed(method: string, path: string, allowed: string): Response {
  return general(405, `${path} takes ${allowed}, not ${method}`, { Allow: `${allowed}, OPTIONS` });
}

/** Wraps a Deno.serve handler: OFREP requests are answered here, everything else by `next`. */
export function withOfrepFastPath(
  ofrep: Ofrep,
  next: Deno.ServeHandler<Deno.NetAddr>,
): Deno.ServeHandler<Deno.NetAddr> {
  return (request, info) =>
    ofrep.handle(request, () => info.remoteAddr.hostname) ?? next(request, info);
}
