// Drift across two instances on one Postgres: each stores its streams, receipts and delivery
// times; either instance's connections view lists the clients of both, an ack sent to one
// instance marks a client streaming from the other applied, and a version's propagation
// summary counts the clients of both.
import { driftAcrossInstances, FAST_DRIFT } from "./helpers/drift_scenario.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

Deno.test({
  name: "drift: two Postgres instances share connections, receipts and propagation summaries",
  ignore: pgUnavailable,
  fn: async () => {
    const db = await freshDatabase();
    const servers: TestServer[] = [];
    try {
      servers.push(await startTestServer({ DATABASE_URL: db.url }, FAST_DRIFT));
      servers.push(await startTestServer({ DATABASE_URL: db.url }, FAST_DRIFT));
      await driftAcrossInstances(servers[0]!, servers[1]!);
    } finally {
      for (const s of servers) await s.stop();
      await db.drop();
    }
  },
});
