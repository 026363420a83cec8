// Change requests across processes: two `main.ts serve` processes on one Postgres, two reviewers
// approving the same request at the same moment, one on each. Every round the request is applied
// exactly once (one new version, one apply audit row), and both instances' SDK streams end on
// the final value.
import assert from "node:assert/strict";
import type { Config } from "../src/config/config.ts";
import { openPostgresStore } from "../src/store/postgres/postgres_store.ts";
import { userApi } from "./helpers/admin.ts";
import { createSdkKey, socket } from "./helpers/api.ts";
import {
  act,
  addMember,
  crPath,
  flag,
  propose,
  protectedWorld,
} from "./helpers/change_request_scenario.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { startInstance, withLogs } from "./helpers/pg_instances.ts";
import { connectSdk } from "./helpers/sdk.ts";
import { eventually } from "./helpers/wait.ts";

const SECRET_KEY = "cr-processes-secret-key-0123456789abcdef";
const ROUNDS = 8;

Deno.test({
  name: "Postgres processes: reviewers approving at once on two instances apply each request once",
  ignore: pgUnavailable,
  fn: async () => {
    const db = await freshDatabase();
    const a = await startInstance(db.url, { SECRET_KEY });
    const b = await startInstance(db.url, { SECRET_KEY });
    // Sessions are made in the shared database, as a login on either instance would.
    const store = await openPostgresStore({ url: db.url, maxConnections: 2 });
    const config = { secretKey: SECRET_KEY } as Config;
    try {
      await withLogs([a, b], async () => {
        const w = await protectedWorld(a.su, { requiredApprovals: 2 });
        for (const e of ["ann", "bob", "cat"]) {
          await addMember(w, `${e}@x.test`, "member", "maintainer");
        }
        const ann = await userApi({ ...socket(a.url), config, store }, "ann@x.test");
        const onA = await userApi({ ...socket(a.url), config, store }, "bob@x.test");
        const onB = await userApi({ ...socket(b.url), config, store }, "cat@x.test");
        const prodKey = await createSdkKey(a.su, w.projectId, w.env.Production!);
        const sdks = [await connectSdk(a.url, prodKey.key), await connectSdk(b.url, prodKey.key)];
        try {
          let version = (await flag(w)).version;
          for (let round = 0; round < ROUNDS; round++) {
            const value = round + 100;
            const id = await propose(ann, w, value);
            // Each reviewer on its own instance, both sent before either answers.
            const replies = await Promise.all([
              act(onA, w, id, "approve"),
              act(onB, w, id, "approve"),
            ]);
            for (const r of replies) assert.equal(r.status, 200, `round ${round}: ${r.text}`);
            const statuses = replies.map((r) => r.body.status).sort();
            assert.deepEqual(statuses, ["applied", "open"], `round ${round}: one applies`);

            const cr = await a.su.ok("GET", crPath(w, id));
            assert.equal(cr.body.status, "applied", `round ${round}`);
            const kinds = (cr.body.events as { kind: string }[]).map((e) => e.kind);
            assert.deepEqual(kinds, ["approve", "approve", "apply"], `round ${round}`);
            version++;
            assert.equal(cr.body.appliedVersion, version, `round ${round}`);
            assert.deepEqual(await flag(w), { value, version }, `round ${round}: one version`);
          }

          const versions = await b.su.ok("GET", `/projects/${w.projectId}/configs/flag/versions`);
          const numbers = (versions.body.versions as { version: number }[]).map((v) => v.version);
          assert.deepEqual(
            numbers.sort((x, y) => x - y),
            Array.from({ length: ROUNDS + 1 }, (_, i) => i + 1),
            "one version per round, after the first",
          );
          const audit = await b.su.ok("GET", `/projects/${w.projectId}/audit-log?limit=200`);
          const entries = audit.body.entries as { action: string; targetId: string | null }[];
          const applies = entries.filter((e) => e.action === "change_request.apply");
          assert.equal(applies.length, ROUNDS, "one apply audit row per request");
          assert.equal(new Set(applies.map((e) => e.targetId)).size, ROUNDS);
          const updates = entries.filter((e) => e.action === "config.update");
          assert.equal(updates.length, ROUNDS, "one config write per request");

          const last = ROUNDS - 1 + 100;
          for (const [i, sdk] of sdks.entries()) {
            await eventually(() => assert.equal(sdk.get("flag"), last, `instance ${i}'s stream`));
          }
        } finally {
          for (const sdk of sdks) sdk.disconnect();
        }
      });
    } finally {
      await store.close();
      await Promise.all([a.dispose(), b.dispose()]);
      await db.drop();
    }
  },
});
