// Who calls OFREP: the environment's SDK key, as `Authorization: Bearer` or `X-API-Key`, checked
// against the replica (through SdkKeys' memory of keys that passed). No key or a bad one is 401;
// an admin API key is 403 (it is a key, but not one for evaluation); a client that keeps sending
// bad keys gets 429 with Retry-After. Only failures are rate limited, so they cost the hot path
// nothing.
import { parseKey } from "../../auth/keys.ts";
import { RateLimiter } from "../../auth/rate_limit.ts";
import type { EnvironmentState, Hub } from "../../realtime/hub.ts";
import type { FeedSdkKey } from "../../store/changes.ts";
import type { SdkKeys } from "../sdk_auth.ts";
import { credential } from "./request.ts";
import { general } from "./responses.ts";

export type Caller = { key: FeedSdkKey; state: EnvironmentState };

/** Failed attempts one client address may make per minute before it gets 429. */
export const FAILURES_PER_MINUTE = 30;

export class OfrepAuth {
  readonly #failures = new RateLimiter({ limit: FAILURES_PER_MINUTE, windowMs: 60_000 });

  constructor(private readonly keys: SdkKeys, private readonly hub: Hub) {}

  /** The caller, or the response that refuses them. */
  check(headers: Headers, clientIp: () => string): Caller | Response {
    const token = credential(headers);
    if (token !== null) {
      const key = this.keys.authenticate(token);
      const state = key
        ? this.hub.environment(key.environmentId, key.readSensitive === true)
        : null;
      if (key && state) return { key, state };
    }
    const limited = this.#failures.hit(clientIp());
    if (!limited.allowed) {
      return general(
        429,
        `Too many requests with a missing or invalid SDK key from this address; retry in ` +
          `${limited.retryAfterSeconds} s`,
        { "Retry-After": String(limited.retryAfterSeconds) },
      );
    }
    if (token === null) {
      return general(
        401,
        "Missing SDK key: send it as `Authorization: Bearer <key>` or `X-API-Key: <key>`",
      );
    }
    if (parseKey("admin", token)) {
      return general(
        403,
        "That is an admin API key (rpa_…); OFREP evaluates with an environment's SDK key (rp_…)",
      );
    }
    return general(401, "Invalid SDK key: it is not a key of any environment here");
  }
}
