// Account routes against hostile input and switched-off settings, and what reaches the tables.
import assert from "node:assert/strict";
import { startTestApp } from "./helpers/app.ts";
import { AUTH, Browser } from "./helpers/browser.ts";

const PW = "correct horse battery";
const SUPERUSER = "superuser-key-for-tests";

Deno.test("bad input gets a 4xx naming the problem; settings can switch passwords off", async () => {
  const server = await startTestApp({ SUPERUSER_API_KEY: SUPERUSER });
  try {
    const b = new Browser(server);
    const cases: [unknown, number, RegExp][] = [
      ["{not json", 400, /not valid JSON/],
      ["[1,2]", 400, /must be a JSON object/],
      [{ email: "ada@example.com" }, 400, /password is required/],
      [{ email: "nope", password: PW }, 400, /email "nope" is not an email address/],
      [{ email: "ada@example.com", password: "short" }, 400, /password.*at least 8/],
      [{ email: "ada@example.com", password: 12345678 }, 400, /password 12345678 must be a string/],
      [{ email: "ada@example.com", password: PW, admin: true }, 400, /unknown field.*"admin"/],
      [{ email: "ada@example.com", password: PW, name: "a\u0000b" }, 400, /control characters/],
      [{ email: "ada@example.com", password: "x".repeat(40_000) }, 413, /larger than/],
    ];
    for (const [body, status, message] of cases) {
      const res = await b.send("POST", `${AUTH}/signup`, body);
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.match(String(res.body.error), message);
    }
    const form = await b.send("POST", `${AUTH}/login`, "email=a", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(form.status, 415);
    assert.equal((await b.me()).status, 401);
    const badKey = await b.send("GET", `${AUTH}/me`, undefined, {
      headers: { authorization: "Bearer rpa_nonsense" },
    });
    assert.equal(badKey.status, 401);
    const superuser = await b.send("GET", `${AUTH}/me`, undefined, {
      headers: { authorization: `Bearer ${SUPERUSER}` },
    });
    assert.equal(superuser.status, 403);
    assert.match(String(superuser.body.error), /needs a signed-in user/);
    assert.equal(await server.store.read((tx) => tx.users.count()), 0);
  } finally {
    await server.stop();
  }

  const off = await startTestApp({ PASSWORD_AUTH_ENABLED: "false" });
  try {
    const b = new Browser(off);
    assert.equal((await b.send("GET", `${AUTH}/status`)).body.registrationOpen, false);
    for (const res of [await b.signup("ada@example.com", PW), await b.login("a@b.c", PW)]) {
      assert.equal(res.status, 403);
      assert.match(String(res.body.error), /PASSWORD_AUTH_ENABLED=false/);
    }
  } finally {
    await off.stop();
  }
});

Deno.test("no password or session token is stored in plain text", async () => {
  const server = await startTestApp();
  try {
    const ada = new Browser(server);
    await ada.signup("ada@example.com", PW);
    const rows = await server.store.read(async (tx) => ({
      hashes: await tx.db.all<{ password_hash: string }>(`SELECT * FROM password_credentials`),
      sessions: await tx.db.all<Record<string, unknown>>(`SELECT * FROM sessions`),
    }));
    assert.match(rows.hashes[0]!.password_hash, /^\$argon2id\$v=19\$/);
    const dump = JSON.stringify(rows);
    assert.ok(!dump.includes(PW));
    assert.ok(!dump.includes(ada.cookie!));
  } finally {
    await server.stop();
  }
});
