// Change requests in Postgres mode: two instances on one database take the two approvals a
// request needs at the same moment, many rounds: each request is applied exactly once.
import assert from "node:assert/strict";
import { Api } from "./helpers/api.ts";
import { userApi } from "./helpers/admin.ts";
import {
  act,
  addMember,
  crPath,
  flag,
  propose,
  protectedWorld,
} from "./helpers/change_request_scenario.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { startTestServer } from "./helpers/server.ts";

Deno.test({
  name: "Postgres: concurrent approvals on two instances apply each change request once",
  ignore: pgUnavailable,
  fn: async () => {
    const db = await freshDatabase();
    // One secret, as instances behind one load balancer share (sessions' CSRF tokens).
    const env = { DATABASE_URL: db.url, SECRET_KEY: "cr-pg-test-secret-key-0123456789abcdef" };
    const a = await startTestServer(env);
    const b = await startTestServer(env);
    try {
      const w = await protectedWorld(a.su, { requiredApprovals: 2 });
      for (const e of ["ann", "bob", "cat", "dan"]) {
        await addMember(w, `${e}@x.test`, "member", "maintainer");
      }
      const ann = await userApi(a, "ann@x.test");
      const onA = await userApi(a, "bob@x.test");
      const onB = await userApi(b, "cat@x.test");
      // The same person on both instances at once counts once.
      const danA = await userApi(a, "dan@x.test");
      const danB = new Api(b, danA.auth);
      let version = (await flag(w)).version;
      for (let round = 0; round < 12; round++) {
        const id = await propose(ann, w, round + 100);
        const [x, y] = round % 3 === 2
          ? [act(danA, w, id, "approve"), act(danB, w, id, "approve")]
          : [act(onA, w, id, "approve"), act(onB, w, id, "approve")];
        const replies = await Promise.all([x, y]);
        for (const r of replies) assert.ok(r.status === 200 || r.status === 409, r.text);
        const cr = await a.su.ok("GET", crPath(w, id));
        const applies = (cr.body.events as { kind: string }[]).filter((e) => e.kind === "apply");
        const now = await flag(w);
        if (round % 3 === 2) {
          // One reviewer twice is one approval of the two needed: nothing applies.
          assert.equal(cr.body.status, "open", `round ${round}`);
          assert.equal(applies.length, 0);
          assert.equal(now.version, version);
          assert.equal((await act(onB, w, id, "approve")).body.status, "applied");
          version++;
        } else {
          assert.equal(cr.body.status, "applied", `round ${round}: ${cr.text}`);
          assert.equal(applies.length, 1, `round ${round}: applied once`);
          version++;
          assert.deepEqual(now, { value: round + 100, version }, `round ${round}`);
          assert.equal(cr.body.appliedVersion, version);
        }
      }
      const audit = await a.su.ok("GET", `/projects/${w.projectId}/audit-log?limit=200`);
      const applied = (audit.body.entries as { action: string }[])
        .filter((e) => e.action === "change_request.apply");
      assert.equal(applied.length, 12);
    } finally {
      await b.stop();
      await a.stop();
      await db.drop();
    }
  },
});
