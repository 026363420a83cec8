// The webhook delivery scenarios of webhooks_delivery_test.ts on Postgres (one instance).
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import {
  deadLettersAndReplay,
  FAST,
  goneDisables,
  throughFailures,
} from "./helpers/webhook_scenarios.ts";

async function onPostgres(fn: (s: TestServer) => Promise<void>) {
  const database = await freshDatabase();
  const server = await startTestServer(
    { DATABASE_URL: database.url, WEBHOOK_ALLOW_PRIVATE: "true" },
    FAST,
  );
  try {
    await fn(server);
  } finally {
    await server.stop();
    await database.drop();
  }
}

Deno.test({
  name: "webhooks (Postgres): every event arrives once, signed, in order, through failures",
  ignore: pgUnavailable,
  fn: () => onPostgres(throughFailures),
});

Deno.test({
  name: "webhooks (Postgres): dead letters after the retry budget; replay delivers them",
  ignore: pgUnavailable,
  fn: () => onPostgres(deadLettersAndReplay),
});

Deno.test({
  name: "webhooks (Postgres): 410 disables the endpoint; enabling it again delivers",
  ignore: pgUnavailable,
  fn: () => onPostgres(goneDisables),
});
