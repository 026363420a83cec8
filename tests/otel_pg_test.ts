// OpenTelemetry across two instances on one Postgres: a write on instance A is one trace that
// holds A's request and commit, then the replicator and the fan-out of both A and B (B finds
// the writer's span context in the change-feed row).
import assert from "node:assert/strict";
import { traceOneWrite } from "./helpers/otel_scenario.ts";
import { OtlpReceiver } from "./helpers/otlp_receiver.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { type Instance, startInstance } from "./helpers/pg_instances.ts";

Deno.test({
  name: "otel: one admin write's trace covers commit, replicate and fan-out on two instances",
  ignore: pgUnavailable,
  fn: async () => {
    const db = await freshDatabase();
    const receiver = new OtlpReceiver();
    const instances: Instance[] = [];
    try {
      instances.push(await startInstance(db.url, receiver.env("dialtone-a")));
      instances.push(await startInstance(db.url, receiver.env("dialtone-b")));
      const [a, b] = instances;
      const { commit, perInstance } = await traceOneWrite(receiver, [
        { url: a!.url, su: a!.su, service: "dialtone-a" },
        { url: b!.url, su: b!.su, service: "dialtone-b" },
      ]);
      assert.equal(commit.attributes["db.system.name"], "postgresql");
      assert.equal(perInstance[1]!.apply.service, "dialtone-b");
    } finally {
      for (const i of instances) await i.dispose();
      await receiver.close();
      await db.drop();
    }
  },
});
