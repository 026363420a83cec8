// The account routes in the admin route table: what they check first, that sign-in ignores
// credentials, and that the OpenAPI document describes them.
import assert from "node:assert/strict";
import { startTestApp } from "./helpers/app.ts";
import { AUTH, Browser } from "./helpers/browser.ts";

const PW = "correct horse battery";

Deno.test("sign-in and status answer before authentication: foreign credentials do not matter", async () => {
  const server = await startTestApp();
  try {
    const ada = new Browser(server);
    assert.equal((await ada.signup("ada@example.com", PW)).status, 201);
    // A live session cookie without its CSRF token would be a 401 anywhere else.
    const again = await ada.send("POST", `${AUTH}/login`, {
      email: "ada@example.com",
      password: PW,
    }, {
      csrf: false,
    });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    const badKey = { headers: { authorization: "Bearer rpa_nonsense" } };
    const stranger = new Browser(server);
    assert.equal((await stranger.send("GET", `${AUTH}/status`, undefined, badKey)).status, 200);
    const login = await stranger.send(
      "POST",
      `${AUTH}/login`,
      { email: "ada@example.com", password: PW },
      badKey,
    );
    assert.equal(login.status, 200, JSON.stringify(login.body));
    // The same key on a route behind authentication is refused.
    assert.equal((await stranger.send("GET", `${AUTH}/me`, undefined, badKey)).status, 401);
    // Logout answers 204 without a session too.
    assert.equal((await new Browser(server).send("POST", `${AUTH}/logout`)).status, 204);
  } finally {
    await server.stop();
  }
});

Deno.test("account routes check the password switch and the kind of caller before the body", async () => {
  const off = await startTestApp({ PASSWORD_AUTH_ENABLED: "false" });
  try {
    const b = new Browser(off);
    for (const path of ["/signup", "/login"]) {
      const res = await b.send("POST", `${AUTH}${path}`, "{not json");
      assert.equal(res.status, 403, `${path}: ${JSON.stringify(res.body)}`);
      assert.match(String(res.body.error), /PASSWORD_AUTH_ENABLED=false/);
    }
    const password = await b.send("PUT", `${AUTH}/password`, "[]");
    assert.equal(password.status, 403);
    assert.match(String(password.body.error), /Cannot change the password: password sign-in/);
  } finally {
    await off.stop();
  }

  const server = await startTestApp();
  try {
    const su = new Browser(server, { authorization: `Bearer ${server.config.superuserApiKey}` });
    const res = await su.send("PATCH", `${AUTH}/me`, { name: 5, extra: true });
    assert.equal(res.status, 403);
    assert.match(
      String(res.body.error),
      /Cannot update the account: this route needs a signed-in user/,
    );
    const anon = await new Browser(server).send("PATCH", `${AUTH}/me`, { name: "x" });
    assert.equal(anon.status, 401);
  } finally {
    await server.stop();
  }
});

Deno.test("the OpenAPI document describes the account routes", async () => {
  const server = await startTestApp();
  try {
    const res = await server.fetch(`${server.url}/api/admin/v1/openapi.json`);
    const doc = await res.json();
    const paths = doc.paths as Record<string, Record<string, Record<string, unknown>>>;
    assert.deepEqual(Object.keys(paths).filter((p) => p.startsWith("/auth/")).sort(), [
      "/auth/login",
      "/auth/logout",
      "/auth/me",
      "/auth/password",
      "/auth/signup",
      "/auth/status",
    ]);
    const signup = paths["/auth/signup"]!.post!;
    assert.deepEqual(signup.security, []);
    assert.ok("201" in (signup.responses as object));
    assert.ok(JSON.stringify(signup.requestBody).includes('"password"'));
    assert.equal(paths["/auth/me"]!.get!.security, undefined);
    assert.deepEqual(Object.keys(paths["/auth/me"]!).sort(), ["get", "patch"]);
  } finally {
    await server.stop();
  }
});
