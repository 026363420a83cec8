// The Idempotency-Key hook of the admin registry: authenticated mutations (POST, PUT, PATCH,
// DELETE) accept the header; the use cases are in src/service/idempotency.ts. A replayed
// answer carries Idempotent-Replayed: true. Answers are stored for successes and for the 409
// of an edit kept as a change request (it wrote that request); other failures store nothing.
import { createHmac } from "node:crypto";
import type { Context } from "hono";
import { secretBox } from "../../auth/secret_box.ts";
import { claimKey, type KeyedRequest, runClaimed } from "../../service/idempotency.ts";
import type { AppDeps, AppEnv } from "../context.ts";
import { ApprovalRequired } from "../../domain/approval.ts";
import { AppError, badRequest, conflict, errorBody, fromDomain } from "../errors.ts";
import type { Principal } from "../middleware/auth.ts";
import type { RouteDef } from "./registry.ts";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";
export const REPLAYED_HEADER = "Idempotent-Replayed";
const MUTATIONS = new Set(["post", "put", "patch", "delete"]);
// Binds fingerprints to this use of SECRET_KEY: bodies may hold passwords, so only an HMAC of
// them is stored.
const FINGERPRINT_CONTEXT = "dialtone/idempotency/v1\0";

/** The request's key; null when it has none or the route takes none. */
export function idempotencyKeyOf(c: Context<AppEnv>, r: RouteDef): string | null {
  if (!MUTATIONS.has(r.method) || r.auth === false) return null;
  const raw = c.req.header(IDEMPOTENCY_HEADER);
  if (raw === undefined) return null;
  // The draft makes it a structured-field string ("…"); a bare token is taken as well.
  const trimmed = raw.trim();
  const key = /^".*"$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
  if (!/^[\x21-\x7e]{1,255}$/.test(key) || key.includes('"')) {
    const message = `the ${IDEMPOTENCY_HEADER} header ${JSON.stringify(raw.slice(0, 300))} ` +
      "must be 1 to 255 visible ASCII characters, optionally in double quotes";
    throw badRequest(`Cannot ${r.action}: ${message}`, [{ path: IDEMPOTENCY_HEADER, message }]);
  }
  return key;
}

/** Whose keys these are: each principal has its own. */
export function scopeOf(p: Principal): string {
  switch (p.kind) {
    case "superuser":
      return "superuser";
    case "user":
      return `user:${p.user.id}`;
    case "api_key":
      return `api_key:${p.key.id}`;
  }
}

/** The same request, byte for byte in meaning: method, path, query and the parsed body. */
export function fingerprint(
  secretKey: string,
  request: { method: string; path: string; query: unknown; body: unknown },
): string {
  const { method, path, query, body } = request;
  const text = canonicalJson([method.toUpperCase(), path, query ?? null, body ?? null]);
  return createHmac("sha256", secretKey).update(FINGERPRINT_CONTEXT + text, "utf8").digest("hex");
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as never)[k]]));
  });
}

/**
 * Runs the route's handler under the key: the first time for real, with its answer stored in
 * the handler's own transaction; a retry gets the stored answer.
 */
export async function idempotent(
  input: {
    c: Context<AppEnv>;
    deps: AppDeps;
    route: RouteDef;
    request: KeyedRequest;
  },
  handle: () => Promise<unknown>,
): Promise<Response> {
  const { c, deps, route, request } = input;
  const claim = await claimKey(deps.store, request);
  if (claim.kind === "mismatch") {
    const message = `the ${IDEMPOTENCY_HEADER} "${request.key}" was already used for a ` +
      "different request; use a new key for a new request";
    throw new AppError(422, "idempotency_key_reused", `Cannot ${route.action}: ${message}`, [
      { path: IDEMPOTENCY_HEADER, message },
    ]);
  }
  if (claim.kind === "in_flight") {
    throw conflict(
      `Cannot ${route.action}: the request with ${IDEMPOTENCY_HEADER} "${request.key}" is ` +
        "still being processed; retry when it has finished",
    );
  }
  // Answers can hold a key shown once (API keys, webhook secrets): they are stored sealed.
  const box = secretBox(deps.config.secretKey, "idempotency");
  if (claim.kind === "replay") {
    const { status, body } = claim.answer;
    const plain = body === null ? null : box.open(body);
    if (body !== null && plain === null) {
      throw conflict(
        `Cannot ${route.action}: the answer stored for ${IDEMPOTENCY_HEADER} ` +
          `"${request.key}" cannot be read (SECRET_KEY changed?); use a new key`,
      );
    }
    c.header(REPLAYED_HEADER, "true");
    return respond(c, status, plain);
  }
  let plain: string | null = null;
  const answer = await runClaimed(deps.store, request, claim.token, route.action, async () => {
    let result: unknown;
    try {
      result = await handle();
    } catch (error) {
      const kept = keptAsChangeRequest(error, route);
      if (!kept) throw error;
      // The edit was kept as a change request: that is this request's outcome, committed
      // with its 409 as the stored answer, so a retry names the same, existing request.
      plain = JSON.stringify(errorBody(kept, c.get("requestId")));
      return { status: kept.status, body: box.seal(plain) };
    }
    if (result === null) return { status: 204, body: null };
    plain = JSON.stringify(result);
    return { status: route.status === 201 ? 201 : 200, body: box.seal(plain) };
  });
  return respond(c, answer.status, plain);
}

/** The 409 of an edit that opened a change request (which must be kept); null otherwise. */
function keptAsChangeRequest(error: unknown, route: RouteDef): AppError | null {
  if (!(error instanceof ApprovalRequired) || error.changeRequestId === null) return null;
  return fromDomain(error, route);
}

function respond(c: Context<AppEnv>, status: number, body: string | null): Response {
  if (body === null) return c.body(null, status as 204);
  c.header("Content-Type", "application/json");
  return c.body(body, status as 200);
}
