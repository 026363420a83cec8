// POST /api/sdk/v1/ack {revision, clientId?}: an SDK says it applied `revision` (the id of the
// last stream frame it handled). Authenticated by the SDK key, answered from memory: the receipt
// feeds the admin API's connections view. Errors are `{"msg": ...}`, as on the rest of the SDK API.
import { Hono } from "hono";
import type { Config } from "../config/config.ts";
import type { Hub } from "../realtime/hub.ts";
import { clientIdOf, type Receipts } from "../observability/receipts.ts";
import { bearerToken } from "./bearer.ts";
import { clientIp } from "./client_ip.ts";
import { readBodyText } from "./sdk_request.ts";
import { sdkCaller, type SdkKeys } from "./sdk_auth.ts";

const MAX_ACK_BYTES = 1024;

export type AckDeps = { hub: Hub; keys: SdkKeys; receipts: Receipts; config: Config };

export function sdkAckRouter(deps: AckDeps): Hono {
  const app = new Hono();
  app.post("/sdk/v1/ack", async (c) => {
    const token = bearerToken(c.req.header("authorization"));
    if (token === null) return c.json({ msg: "Missing SDK key" }, 401);
    const caller = sdkCaller(deps.keys, deps.hub, token);
    if (!caller) return c.json({ msg: "Invalid SDK key" }, 401);
    const text = await readBodyText(c.req.raw, MAX_ACK_BYTES);
    if (text === null) return c.json({ msg: `The body is over ${MAX_ACK_BYTES} bytes` }, 413);
    const ack = parseAck(text);
    if (typeof ack === "string") return c.json({ msg: `Cannot record the receipt: ${ack}` }, 400);
    const userAgent = c.req.header("user-agent") ?? "";
    const address = clientIp(c, deps.config.trustedProxyHops);
    const clientId = clientIdOf(ack.clientId ?? c.req.header("x-client-id"), address, userAgent);
    deps.receipts.record(caller.key.id, clientId, ack.revision);
    return c.body(null, 204);
  });
  return app;
}

/** The receipt, or what is wrong with the body. */
export function parseAck(text: string): { revision: number; clientId?: string } | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return `the body is not JSON (got ${JSON.stringify(text.slice(0, 40))})`;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return 'the body must be an object like {"revision": 42}';
  }
  const { revision, clientId } = data as Record<string, unknown>;
  if (typeof revision !== "number" || !Number.isSafeInteger(revision) || revision < 0) {
    return `revision must be a whole number ≥ 0 (got ${JSON.stringify(revision) ?? "nothing"})`;
  }
  if (
    clientId !== undefined && (typeof clientId !== "string" || !/^[\w\-.:]{1,100}$/.test(clientId))
  ) {
    return `clientId must be 1 to 100 letters, digits or _ - . : (got ${JSON.stringify(clientId)})`;
  }
  return clientId === undefined ? { revision } : { revision, clientId };
}
