// Targeting across two instances on one Postgres: segments, prerequisites and exclusion groups
// written through A reach the published SDK on B, and both replicas equal the primary.
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import {
  assertConverged,
  type Instance,
  loggedSteps,
  startInstance,
  withLogs,
} from "./helpers/pg_instances.ts";
import { targetingScenario } from "./helpers/targeting_scenario.ts";

Deno.test({
  name: "segments, prerequisites and exclusion groups written on A reach the SDK on B",
  ignore: pgUnavailable,
  fn: async (t) => {
    const db = await freshDatabase();
    const instances: Instance[] = [];
    const step = loggedSteps(t, instances);
    try {
      await withLogs(instances, async () => {
        instances.push(...await Promise.all([startInstance(db.url), startInstance(db.url)]));
        const [a, b] = instances as [Instance, Instance];
        await targetingScenario(a.su, b.url, step);
        await step("both replicas equal the primary", async () => {
          await assertConverged(a, db.url, "A");
          await assertConverged(b, db.url, "B");
        });
      });
    } finally {
      await Promise.all(instances.map((i) => i.dispose()));
      await db.drop();
    }
  },
});
