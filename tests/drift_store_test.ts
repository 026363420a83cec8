// Drift in embedded mode: the connections view and the history's propagation summaries come
// from what the instance stored in SQLite, and acks from any client id count.
import { driftAcrossInstances, FAST_DRIFT } from "./helpers/drift_scenario.ts";
import { startTestServer } from "./helpers/server.ts";

Deno.test("drift: connections, cross-request acks and propagation summaries in embedded mode", async () => {
  const server = await startTestServer({}, FAST_DRIFT);
  try {
    await driftAcrossInstances(server, server);
  } finally {
    await server.stop();
  }
});
