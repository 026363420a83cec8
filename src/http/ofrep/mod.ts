// OFREP, the OpenFeature Remote Evaluation Protocol (open-feature/protocol, service/openapi.yaml
// 0.3): one flag with a dynamic context, all flags with a static context (ETag / 304), and SSE
// change notifications. Everything is answered from memory and the replica: the hub's wire JSON
// per environment, compiled once per change (flag_cache.ts), evaluated by src/domain/evaluate.ts
// exactly as the stream SDK does. server.ts answers /ofrep/ here, before Hono, as it does for
// the snapshot: no middleware on the hot path.
import { createHash } from "node:crypto";
import type { Config } from "../../config/config.ts";
import type { Logger } from "../../log.ts";
import type { Hub } from "../../realtime/hub.ts";
import type { ReplicaEvent } from "../../replica/events.ts";
import type { Replica } from "../../replica/replica.ts";
import type { Replicator } from "../../replica/replicator.ts";
import type { EvaluationCounter } from "../../service/evaluation_counter.ts";
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

  constructor(private readonly deps: OfrepDeps) {
    this.flags = new FlagCache(deps.counter);
    this.events = new OfrepEvents(deps.events);
    this.#auth = new OfrepAuth(deps.keys, deps.hub);
  }

  /** The answer to an OFREP request; null when `request` is not for OFREP. */
  handle(request: Request, clientIp = "unknown"): Promise<Response> | Response | null {
    const path = pathOf(request.url);
    if (!path.startsWith(OFREP_PREFIX)) return null;
    const method = request.method;
    if (method === "OPTIONS") return preflight(request);
    if (path.startsWith(FLAGS_PATH)) {
      if (method !== "POST") return notAllowed(method, path, "POST");
      if (path.length === FLAGS_PATH.length) return this.#bulk(request, clientIp);
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

  async #single(request: Request, clientIp: string, key: string): Promise<Response> {
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

  async #bulk(request: Request, clientIp: string): Promise<Response> {
    const caller = this.#auth.check(request.headers, clientIp);
    if (caller instanceof Response) return caller;
    const text = await readBody(request);
    if (text instanceof ParseProblem) return bulkFailure(400, text.code, text.details);
    const context = parseContext(text);
    if (context instanceof ParseProblem) return bulkFailure(400, context.code, context.details);
    await this.#catchUp(request.url);
    const { state, key } = caller;
    // Equal request bodies against the same revision evaluate alike; the key's environment and
    // the context (the body) are both in the hash, so another context never gets a 304.
    const etag = `"${state.revision}.${
      createHash("sha256").update(state.id).update(text).digest("base64url").slice(0, 22)
    }"`;
    const headers = { ...JSON_HEADERS, ETag: etag };
    if (etagMatches(request.headers.get("if-none-match") ?? undefined, etag)) {
      return new Response(null, { status: 304, headers: { ...CORS, ETag: etag } });
    }
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
    const origin = this.deps.config.baseUrl?.replace(/\/+$/, "") ?? new URL(request.url).origin;
    const token = streamToken(this.deps.config.secretKey, key.id, key.keyHash);
    const url = `${origin}${EVENTS_PATH}?token=${token}&since=${state.revision}`;
    const body = `{"flags":[${parts.join(",")}],"metadata":{"revision":${state.revision}},` +
      `"eventStreams":[{"type":"sse","url":${
        JSON.stringify(url)
      },"inactivityDelaySec":${INACTIVITY_DELAY_SEC}}]}`;
    return new Response(body, { headers });
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
      ? this.deps.hub.environment(row.environmentId)
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
  return (request, info) => ofrep.handle(request, info.remoteAddr.hostname) ?? next(request, info);
}
