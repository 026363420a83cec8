// RATE_LIMIT_SIGNUPS_PER_MINUTE over a socket: sign-ups past the setting from one address get a
// 429 with Retry-After; 0 switches the limit off; a bad value is named at start.
import assert from "node:assert/strict";
import { loadConfig } from "../src/config/config.ts";
import { socket } from "./helpers/api.ts";
import { Browser } from "./helpers/browser.ts";
import { startTestServer } from "./helpers/server.ts";

const PW = "correct horse battery";

Deno.test("sign-ups past RATE_LIMIT_SIGNUPS_PER_MINUTE from one address get a 429 with Retry-After", async () => {
  const server = await startTestServer({ RATE_LIMIT_SIGNUPS_PER_MINUTE: "3" });
  try {
    const signup = (i: number) => new Browser(socket(server.url)).signup(`u${i}@example.com`, PW);
    for (let i = 0; i < 3; i++) assert.equal((await signup(i)).status, 201, `sign-up ${i + 1}`);
    const refused = await signup(3);
    assert.equal(refused.status, 429, JSON.stringify(refused.body));
    const retry = Number(refused.headers.get("retry-after"));
    assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
    assert.equal(refused.body.code, "too_many_requests");
    assert.match(refused.body.error as string, /Cannot sign up: too many attempts/);
  } finally {
    await server.stop();
  }
});

Deno.test("RATE_LIMIT_SIGNUPS_PER_MINUTE=0 lets sign-ups past the default of 10 through", async () => {
  const server = await startTestServer({ RATE_LIMIT_SIGNUPS_PER_MINUTE: "0" });
  try {
    for (let i = 0; i < 11; i++) {
      const res = await new Browser(socket(server.url)).signup(`u${i}@example.com`, PW);
      assert.equal(res.status, 201, `sign-up ${i + 1}: ${JSON.stringify(res.body)}`);
    }
  } finally {
    await server.stop();
  }
});

Deno.test("RATE_LIMIT_SIGNUPS_PER_MINUTE defaults to 10 and refuses a bad value by name", () => {
  const ok = loadConfig({ DATA_DIR: "/tmp/unused" });
  assert.ok(ok.ok);
  assert.equal(ok.config.rateLimits.signupsPerIp, 10);
  const bad = loadConfig({ DATA_DIR: "/tmp/unused", RATE_LIMIT_SIGNUPS_PER_MINUTE: "ten" });
  assert.ok(!bad.ok);
  assert.match(bad.problems.join("\n"), /RATE_LIMIT_SIGNUPS_PER_MINUTE/);
});
