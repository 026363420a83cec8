// The replication feed (docs/relay.md): what a relay instance follows instead of a database.
// Authenticated with a relay key (rpr_…) checked against this instance's replica, so a relay can
// feed relays too. Everything comes from the replica and its change log, never the primary: an
// upstream keeps feeding its relays while its own database is down.
//
//   GET /api/relay/v1/feed?after=<revision>&database=<id>   NDJSON stream (feed_streams.ts)
//   GET /api/relay/v1/snapshot                              everything in the key's scope
import { Hono } from "hono";
import { hashKey, parseKey, sameHash } from "../auth/keys.ts";
import type { FeedStreams } from "../relay/feed_streams.ts";
import type { FeedRelayKey } from "../relay/relay_types.ts";
import { resolveScope, scopeSnapshot } from "../relay/scope.ts";
import { bearerToken } from "./bearer.ts";

const NDJSON_HEADERS = {
  "Content-Type": "application/x-ndjson",
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
};

type Refusal = { status: 400 | 401 | 503; error: string; code: string };

export function replicationFeedRouter(feed: FeedStreams): Hono {
  const app = new Hono();
  const { replica, tables } = feed;

  const authenticate = (header: string | undefined): FeedRelayKey | Refusal => {
    const token = bearerToken(header);
    if (token === null) {
      return {
        status: 401,
        code: "unauthorized",
        error: "Missing relay key: send Authorization: Bearer rpr_…",
      };
    }
    const parsed = parseKey("relay", token);
    const key = parsed ? tables.findKey(parsed.id) : undefined;
    if (!key || !sameHash(hashKey(token), key.keyHash)) {
      const kind = token.startsWith("rp_")
        ? " (that is an SDK key; the feed needs a relay key, rpr_…)"
        : token.startsWith("rpa_")
        ? " (that is an admin API key; the feed needs a relay key, rpr_…)"
        : "";
      return { status: 401, code: "unauthorized", error: `Invalid relay key${kind}` };
    }
    if (replica.cursor() < 0) {
      return {
        status: 503,
        code: "not_synced",
        error: "This instance's replica has not synced yet; try again shortly",
      };
    }
    return key;
  };
  const refuse = (r: Refusal) =>
    Response.json({ error: r.error, code: r.code }, {
      status: r.status,
      headers: r.status === 503 ? { "Retry-After": "2" } : {},
    });

  app.get("/relay/v1/feed", (c) => {
    const key = authenticate(c.req.header("authorization"));
    if ("status" in key) return refuse(key);
    const rawAfter = c.req.query("after") ?? "-1";
    if (!/^-?\d{1,15}$/.test(rawAfter) || Number(rawAfter) < -1) {
      return refuse({
        status: 400,
        code: "invalid",
        error: `Cannot open the replication feed: after "${
          rawAfter.slice(0, 40)
        }" must be a revision (an integer, -1 for none)`,
      });
    }
    const after = Number(rawAfter);
    const database = c.req.query("database");
    const ours = replica.databaseId() ?? "";
    const head = replica.cursor();
    const floor = tables.floor();
    const resync = after < 0
      ? "the relay has no cursor"
      : database !== undefined && database !== ours
      ? `the cursor is from another database ("${
        database.slice(0, 64)
      }"; this feed serves "${ours}")`
      : after < floor
      ? `the cursor ${after} is older than this feed keeps (changes after ${floor})`
      : after > head
      ? `the cursor ${after} is ahead of this feed (${head})`
      : undefined;
    return new Response(feed.open(key, after, resync), { headers: NDJSON_HEADERS });
  });

  app.get("/relay/v1/snapshot", (c) => {
    const key = authenticate(c.req.header("authorization"));
    if ("status" in key) return refuse(key);
    return Response.json(scopeSnapshot(replica, tables, resolveScope(replica, tables, key)));
  });

  return app;
}
