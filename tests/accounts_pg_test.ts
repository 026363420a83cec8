// The main account flow on Postgres, with first sign-ups racing across two instances.
import assert from "node:assert/strict";
import { FIRST_WORKSPACE_NAME } from "../src/domain/registration.ts";
import { AUTH, Browser } from "./helpers/browser.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { startTestServer } from "./helpers/server.ts";

const PW = "correct horse battery";

Deno.test({
  name: "accounts on Postgres: racing first sign-ups, login, CSRF, password change, logout",
  ignore: pgUnavailable,
  async fn() {
    const db = await freshDatabase();
    const one = await startTestServer({ DATABASE_URL: db.url, DISABLE_REGISTRATION: "true" });
    const two = await startTestServer({
      DATABASE_URL: db.url,
      DISABLE_REGISTRATION: "true",
      SECRET_KEY: one.config.secretKey!,
    });
    try {
      const racers = Array.from({ length: 6 }, (_, i) => ({
        email: `racer${i}@example.com`,
        browser: new Browser(i % 2 === 0 ? one : two),
      }));
      const replies = await Promise.all(racers.map((r) => r.browser.signup(r.email, PW)));
      assert.deepEqual(replies.map((r) => r.status).sort(), [201, 403, 403, 403, 403, 403]);
      const winner = racers[replies.findIndex((r) => r.status === 201)]!;
      const firsts = await one.store.read(async (tx) =>
        (await tx.workspaces.list()).filter((w) => w.name === FIRST_WORKSPACE_NAME)
      );
      assert.equal(firsts.length, 1);
      const members = await one.store.read((tx) => tx.workspaceMembers.list(firsts[0]!.id));
      assert.deepEqual(members.map((m) => [m.email, m.role]), [[winner.email, "admin"]]);
      const envs = await one.store.read(async (tx) => {
        const [project] = await tx.projects.list(firsts[0]!.id);
        return (await tx.environments.list(project!.id)).map((e) => e.name);
      });
      assert.deepEqual(envs, ["Production", "Development"]);

      // A session made on one instance works on the other (same DB, same SECRET_KEY).
      const laptop = new Browser(one);
      assert.equal((await laptop.login(winner.email, "wrong password")).status, 401);
      assert.equal((await laptop.login(winner.email, PW)).status, 200);
      const phone = new Browser(two);
      assert.equal((await phone.login(winner.email, PW)).status, 200);
      const onTwo = Object.assign(new Browser(two), {
        cookie: laptop.cookie,
        csrf: laptop.csrf,
      });
      assert.equal((await onTwo.me()).status, 200);

      assert.equal(
        (await laptop.send("PATCH", `${AUTH}/me`, { name: "W" }, { csrf: false })).status,
        401,
      );
      assert.equal((await laptop.send("PATCH", `${AUTH}/me`, { name: "W" })).status, 200);

      const change = await laptop.send("PUT", `${AUTH}/password`, {
        currentPassword: PW,
        newPassword: "a brand new password",
      });
      assert.equal(change.status, 204);
      assert.equal((await phone.me()).status, 401);
      assert.equal((await laptop.me()).status, 200);

      assert.equal((await laptop.send("POST", `${AUTH}/logout`)).status, 204);
      assert.equal((await onTwo.me()).status, 401);
    } finally {
      await one.stop();
      await two.stop();
      await db.drop();
    }
  },
});
