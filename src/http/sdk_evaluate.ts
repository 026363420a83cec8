// POST /api/sdk/v1/evaluate: server-side evaluation for languages without a Replane SDK. With an
// SDK key, evaluates the named configs (or all of the key's environment) for one context, with
// the stream SDK's semantics: the value is what `get(name, {context})` answers. Reads only the
// hub's memory; counted like OFREP. Errors are `{"msg": ...}`, as elsewhere in the SDK API.
import { type Context, Hono } from "hono";
import type { Json } from "../domain/overrides.ts";
import { bearerToken } from "./bearer.ts";
import { readBytes } from "./body.ts";
import { type OfrepFlag, sdkOutcome } from "./ofrep/flags.ts";
import type { Ofrep } from "./ofrep/mod.ts";
import { MAX_BODY_BYTES } from "./ofrep/request.ts";
import type { SdkDeps } from "./sdk.ts";

export const SDK_EVALUATE_PATH = "/api/sdk/v1/evaluate";
/** Names one request may ask for. */
export const MAX_NAMES = 10_000;
const BODY_LIMIT = MAX_BODY_BYTES + MAX_NAMES * 110;

export type EvaluatedConfig = { name: string; value: Json; variant: string; reason: string };

type Request = { context: Record<string, unknown>; names: string[] | null };

/** Mounted under /api, beside the SDK router; `deps.ofrep` is read when a request comes. */
export function sdkEvaluateRouter(deps: SdkDeps): Hono {
  const app = new Hono();
  app.post("/sdk/v1/evaluate", async (c) => {
    const token = bearerToken(c.req.header("authorization"));
    if (token === null) return msg(c, 401, "Missing SDK key");
    const key = deps.keys.authenticate(token);
    const state = key ? deps.hub.environment(key.environmentId, key.readSensitive === true) : null;
    if (!state) return msg(c, 401, "Invalid SDK key");
    const ofrep = deps.ofrep;
    if (!ofrep) return msg(c, 503, "Server-side evaluation is not running in this process");
    const bytes = await readBytes(c.req.raw, BODY_LIMIT).catch(() => new Uint8Array());
    if (bytes === null) {
      return msg(c, 413, `Cannot evaluate: the request body is over ${BODY_LIMIT} bytes`);
    }
    const request = parseRequest(new TextDecoder().decode(bytes));
    if (typeof request === "string") return msg(c, 400, `Cannot evaluate: ${request}`);
    const flags: OfrepFlag[] = [];
    const missing: string[] = [];
    if (request.names === null) {
      flags.push(...ofrep.flags.all(state));
    } else {
      for (const name of request.names) {
        const flag = ofrep.flags.flag(state, name);
        if (flag) flags.push(flag);
        else missing.push(name);
      }
    }
    const configs = flags.map((flag) => evaluated(ofrep, flag, request.context));
    return c.json({ configs, missing }, 200, { "Access-Control-Allow-Origin": "*" });
  });
  return app;
}

function evaluated(
  ofrep: Ofrep,
  flag: OfrepFlag,
  context: Record<string, unknown>,
): EvaluatedConfig {
  const outcome = sdkOutcome(flag, context);
  ofrep.flags.counter.record(outcome.tally);
  return {
    name: flag.name,
    value: outcome.value,
    variant: outcome.variant,
    reason: outcome.reason,
  };
}

function parseRequest(text: string): Request | string {
  let body: unknown;
  try {
    body = text.trim() === "" ? {} : JSON.parse(text);
  } catch (error) {
    return `the request body is not valid JSON (${(error as Error).message})`;
  }
  if (!isObject(body)) return 'the request body must be a JSON object {"context": {...}}';
  const context = body.context ?? {};
  if (!isObject(context)) return "context must be an object";
  const names = body.configs;
  if (names === undefined) return { context, names: null };
  if (!Array.isArray(names) || names.some((n) => typeof n !== "string")) {
    return "configs must be a list of config names";
  }
  if (names.length > MAX_NAMES) {
    return `configs names ${names.length} configs; at most ${MAX_NAMES} fit in one request`;
  }
  return { context, names: [...new Set(names as string[])] };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function msg(c: Context, status: 400 | 401 | 413 | 503, text: string) {
  return c.json({ msg: text }, status, { "Access-Control-Allow-Origin": "*" });
}
