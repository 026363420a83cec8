// The SDK API (REPLANE_COMPAT.md §1): the Replane replication stream, the testing sync and a
// snapshot. It reads only the replica and the hub's memory, never the primary (except the
// testing sync, which asks the primary how far there is to go). Errors are `{"msg": ...}`, as
// Replane's SDKs expect.
import { type Context, Hono } from "hono";
import type { Config } from "../config/config.ts";
import type { Replica } from "../replica/replica.ts";
import type { Replicator } from "../replica/replicator.ts";
import {
  changeFrame,
  CONNECTED_FRAME,
  deleteFrame,
  type Frame,
  frameIds,
  initFrame,
} from "../realtime/frames.ts";
import type { EnvironmentState, Hub } from "../realtime/hub.ts";
import type { Store } from "../store/store.ts";
import { bearerToken } from "./bearer.ts";
import { clientIp } from "./client_ip.ts";
import { clientIdOf, type Receipts } from "../observability/receipts.ts";
import type { Ofrep } from "./ofrep/mod.ts";
import { sdkCaller, type SdkKeys } from "./sdk_auth.ts";
import { sdkOpenApiRouter } from "./sdk_openapi.ts";
import { snapshotResponse } from "./sdk_snapshot.ts";
import {
  lastEventId,
  parseStreamRequest,
  readBodyText,
  type StreamRequest,
} from "./sdk_request.ts";

export type SdkDeps = {
  replica: Replica;
  replicator: Replicator;
  hub: Hub;
  keys: SdkKeys;
  /** OFREP's compiled flags and counters, which POST /api/sdk/v1/evaluate shares. */
  ofrep?: Ofrep;
  /** Delivery receipts (POST /api/sdk/v1/ack), for the connections view. */
  receipts?: Receipts;
};

const SSE_HEADERS = {
  "Content-Type": "text/event-stream",
  "Cache-Control": "no-cache, no-transform",
  "Connection": "keep-alive",
  "X-Accel-Buffering": "no",
  "Access-Control-Allow-Origin": "*",
};

export function sdkRouter(
  // `head`: the revision the testing sync waits for (a relay's upstream's); else the primary's.
  deps: SdkDeps & { config: Config; store?: Store; head?: () => Promise<number> },
): Hono {
  const { replica, replicator, hub, keys } = deps;
  const app = new Hono();

  const stream = async (c: Context) => {
    const token = bearerToken(c.req.header("authorization"));
    if (token === null) return c.json({ msg: "Missing SDK key" }, 401);
    // Refused before reading up to 16 MiB of body from someone without a key.
    if (!sdkCaller(keys, hub, token)) return c.json({ msg: "Invalid SDK key" }, 401);
    const text = await readBodyText(c.req.raw);
    if (text === null) return c.json({ msg: "The request body is over 16 MiB" }, 413);
    const request = parseStreamRequest(text);
    // From here on everything is synchronous: the key check, the state the first frames come
    // from and the subscription see the same replica commit.
    const caller = sdkCaller(keys, hub, token);
    if (!caller) return c.json({ msg: "Invalid SDK key" }, 401);
    const { key, state } = caller;
    const known = new Set(state.configs.keys());
    for (const config of request.currentConfigs) known.add(config.name);
    const missing = request.requiredConfigs.filter((name) => !known.has(name));
    if (missing.length > 0) {
      return c.json({ msg: `Required configs not found: ${missing.join(", ")}` }, 400);
    }
    const since = lastEventId(c.req.header("last-event-id"));
    const first = [CONNECTED_FRAME, ...startFrames(state, request, since)];
    const userAgent = c.req.header("user-agent") ?? "";
    const address = clientIp(c, deps.config.trustedProxyHops);
    const client = {
      id: clientIdOf(c.req.header("x-client-id"), address, userAgent),
      userAgent,
      address,
    };
    const connection = hub.connect(
      {
        keyId: key.id,
        environmentId: state.id,
        projectId: state.projectId,
        sensitive: state.sensitive,
        client,
      },
      first,
    );
    if (!connection) return c.json({ msg: "The server is shutting down" }, 503);
    return new Response(connection.stream, { headers: SSE_HEADERS });
  };

  /** A resume from Last-Event-ID when the replica can tell exactly what changed, else `init`. */
  const startFrames = (
    state: EnvironmentState,
    request: StreamRequest,
    since: number | null,
  ): Frame[] => {
    if (
      since !== null && since > 0 && since >= replica.resumeFloor() && since <= replicator.cursor
    ) {
      const changes = replica.changesSince(state.id, since, state.sensitive);
      const ids = frameIds(changes.map((ch) => ({ stream: state.id, revision: ch.revision })));
      return changes.map((ch, i) =>
        ch.json === null ? deleteFrame(ids[i]!, ch.name) : changeFrame(ids[i]!, ch.json)
      );
    }
    const extras = request.currentConfigs.filter((cfg) => !state.configs.has(cfg.name));
    if (extras.length === 0) return [state.initFrame()];
    const jsons = [...state.configs.values(), ...extras.map((cfg) => JSON.stringify(cfg))];
    return [initFrame(state.revision, jsons)];
  };

  app.post("/sdk/v1/replication/stream", stream);
  app.post("/v1/replication/stream", stream);

  app.post("/sdk/v1/testing/sync", async (c) => {
    if (!deps.config.testingMode) return c.json({ msg: "Testing mode not enabled" }, 403);
    try {
      const head = deps.head ?? (() => deps.store!.read((tx) => tx.feed.head()));
      await replicator.waitFor(await head());
    } catch (error) {
      return c.json({ msg: `Cannot sync: ${(error as Error).message}` }, 503);
    }
    return c.json({ status: "synced" });
  });

  app.get("/sdk/v1/configs", (c) => snapshotResponse(c.req.raw, keys, hub));
  app.route("/", sdkOpenApiRouter(deps.config.healthcheckPath));

  return app;
}
