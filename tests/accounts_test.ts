// Accounts against the app on SQLite, through app.request() with a loopback peer address.
import assert from "node:assert/strict";
import { WRONG_CREDENTIALS } from "../src/http/accounts.ts";
import { FIRST_WORKSPACE_NAME } from "../src/domain/registration.ts";
import { startTestApp } from "./helpers/app.ts";
import { AUTH, Browser } from "./helpers/browser.ts";

const PW = "correct horse battery";

Deno.test("first run: the first account becomes admin of a new workspace with a project", async () => {
  const server = await startTestApp({ DISABLE_REGISTRATION: "true" });
  try {
    const anon = new Browser(server);
    const before = await anon.send("GET", `${AUTH}/status`);
    assert.deepEqual(before.body, {
      needsSetup: true,
      passwordAuthEnabled: true,
      registrationOpen: true,
      inviteOnly: false,
      allowedEmailDomains: [],
      sso: null,
    });

    const ada = new Browser(server);
    const signup = await ada.signup(" Ada@Example.COM ", PW, "Ada");
    assert.equal(signup.status, 201);
    assert.equal((signup.body.user as { email: string }).email, "ada@example.com");
    assert.ok(ada.cookie && ada.csrf);
    assert.match(signup.headers.get("set-cookie") ?? "", /HttpOnly/i);
    assert.match(signup.headers.get("set-cookie") ?? "", /SameSite=Lax/i);

    const me = await ada.me();
    assert.equal(me.status, 200);
    const workspaces = me.body.workspaces as { id: string; name: string; role: string }[];
    assert.equal(workspaces.length, 1);
    assert.equal(workspaces[0]!.name, FIRST_WORKSPACE_NAME);
    assert.equal(workspaces[0]!.role, "admin");
    const envs = await server.store.read(async (tx) => {
      const projects = await tx.projects.list(workspaces[0]!.id);
      assert.equal(projects.length, 1);
      return (await tx.environments.list(projects[0]!.id)).map((e) => e.name);
    });
    assert.deepEqual(envs, ["Production", "Development"]);

    const after = await anon.send("GET", `${AUTH}/status`);
    assert.equal(after.body.needsSetup, false);
    assert.equal(after.body.registrationOpen, false);
    assert.equal(after.body.inviteOnly, true);
    const second = await new Browser(server).signup("bob@example.com", PW);
    assert.equal(second.status, 403);
    assert.match(String(second.body.error), /registration is disabled.*DISABLE_REGISTRATION/);
    assert.equal(await server.store.read((tx) => tx.users.count()), 1);

    // Invite-only: an email a workspace admin added may still sign up, and finds the workspace.
    await server.store.write((tx) =>
      tx.workspaceMembers.set(workspaces[0]!.id, "carol@example.com", "member")
    );
    const carol = new Browser(server);
    assert.equal((await carol.signup("Carol@example.com", PW)).status, 201);
    assert.deepEqual(
      ((await carol.me()).body.workspaces as { id: string; role: string }[]).map((w) => w.role),
      ["member"],
    );
  } finally {
    await server.stop();
  }
});

Deno.test("ALLOWED_EMAIL_DOMAINS limits sign-up; later accounts get a personal workspace", async () => {
  const server = await startTestApp({ ALLOWED_EMAIL_DOMAINS: "example.com, Acme.org" });
  try {
    const outsider = await new Browser(server).signup("eve@evil.test", PW);
    assert.equal(outsider.status, 403);
    assert.match(String(outsider.body.error), /"evil\.test" is not allowed.*ALLOWED_EMAIL_DOMAINS/);
    assert.equal((await new Browser(server).signup("ada@example.com", PW)).status, 201);

    const bob = new Browser(server);
    assert.equal((await bob.signup("Bob@ACME.org", PW)).status, 201);
    const workspaces = (await bob.me()).body.workspaces as { name: string; role: string }[];
    assert.deepEqual(workspaces.map((w) => [w.name, w.role]), [["bob's workspace", "admin"]]);

    const again = await new Browser(server).signup("bob@acme.org", "another password");
    assert.equal(again.status, 409);
    assert.match(String(again.body.error), /"bob@acme\.org".*already exists/);
  } finally {
    await server.stop();
  }
});

Deno.test("someone invited by email before signing up gets that membership", async () => {
  const server = await startTestApp();
  try {
    const ada = new Browser(server);
    await ada.signup("ada@example.com", PW);
    const [workspace] = (await ada.me()).body.workspaces as { id: string }[];
    await server.store.write((tx) =>
      tx.workspaceMembers.set(workspace!.id, "invitee@example.com", "member")
    );
    const invitee = new Browser(server);
    assert.equal((await invitee.signup("  Invitee@Example.COM", PW)).status, 201);
    const me = await invitee.me();
    assert.deepEqual(me.body.workspaces, [{
      id: workspace!.id,
      name: FIRST_WORKSPACE_NAME,
      role: "member",
    }]);
    assert.equal((await server.store.read((tx) => tx.workspaces.list())).length, 1);
  } finally {
    await server.stop();
  }
});

Deno.test("login: wrong password and unknown email get the same 401; logout ends the session", async () => {
  const server = await startTestApp();
  try {
    await new Browser(server).signup("ada@example.com", PW);
    const wrong = await new Browser(server).login("ada@example.com", "not the password");
    const unknown = await new Browser(server).login("nobody@example.com", PW);
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.body.error, WRONG_CREDENTIALS);
    assert.equal(unknown.body.error, WRONG_CREDENTIALS);

    const ada = new Browser(server);
    const ok = await ada.login("ADA@example.com", PW);
    assert.equal(ok.status, 200);
    assert.equal((ok.body.user as { email: string }).email, "ada@example.com");
    const cookie = ada.cookie;
    assert.equal((await ada.me()).status, 200);

    assert.equal((await ada.send("POST", `${AUTH}/logout`)).status, 204);
    assert.equal(ada.cookie, null);
    assert.equal((await ada.me()).status, 401);
    ada.cookie = cookie; // replaying the old cookie does not work either
    assert.equal((await ada.me()).status, 401);
  } finally {
    await server.stop();
  }
});

Deno.test("login is limited to 10 attempts a minute per IP and per email", async () => {
  const direct = await startTestApp();
  try {
    await new Browser(direct).signup("ada@example.com", PW);
    const b = new Browser(direct);
    for (let i = 0; i < 10; i++) {
      // X-Forwarded-For is ignored without TRUSTED_PROXY_HOPS, so every try is one IP.
      const res = await b.send("POST", `${AUTH}/login`, {
        email: `user${i}@example.com`,
        password: "wrong password",
      }, { headers: { "x-forwarded-for": `10.0.0.${i}` } });
      assert.equal(res.status, 401);
    }
    const limited = await b.login("ada@example.com", PW);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    assert.match(String(limited.body.error), /too many attempts/);
  } finally {
    await direct.stop();
  }

  const proxied = await startTestApp({ TRUSTED_PROXY_HOPS: "1" });
  try {
    await new Browser(proxied).signup("ada@example.com", PW);
    const from = (ip: string) => new Browser(proxied, { "x-forwarded-for": `6.6.6.6, ${ip}` });
    for (let i = 0; i < 10; i++) {
      assert.equal((await from(`10.0.1.${i}`).login("ada@example.com", "wrong pw!")).status, 401);
    }
    assert.equal((await from("10.0.1.99").login("ada@example.com", PW)).status, 429);
    // Another email from a fresh address is not affected.
    assert.equal((await from("10.0.2.1").login("bob@example.com", "wrong pw!")).status, 401);
  } finally {
    await proxied.stop();
  }
});

Deno.test("cookie-authenticated mutations need the CSRF token", async () => {
  const server = await startTestApp();
  try {
    const ada = new Browser(server);
    await ada.signup("ada@example.com", PW);
    const missing = await ada.send("PATCH", `${AUTH}/me`, { name: "Mallory" }, { csrf: false });
    assert.equal(missing.status, 401);
    assert.match(String(missing.body.error), /X-CSRF-Token/);
    const forged = await ada.send("PATCH", `${AUTH}/me`, { name: "Mallory" }, { csrf: "x" });
    assert.equal(forged.status, 401);
    assert.equal(((await ada.me()).body.user as { name: string }).name, "");

    const ok = await ada.send("PATCH", `${AUTH}/me`, { name: "  Ada Lovelace " });
    assert.equal(ok.status, 200);
    assert.equal((ok.body.user as { name: string }).name, "Ada Lovelace");
    // Reads need no token; /me hands it to a reloaded dashboard.
    const me = await ada.send("GET", `${AUTH}/me`, undefined, { csrf: false });
    assert.equal(me.body.csrfToken, ada.csrf);
  } finally {
    await server.stop();
  }
});

Deno.test("changing the password checks the current one and ends the other sessions", async () => {
  const server = await startTestApp();
  try {
    const laptop = new Browser(server);
    await laptop.signup("ada@example.com", PW);
    const phone = new Browser(server);
    assert.equal((await phone.login("ada@example.com", PW)).status, 200);

    const change = (current: string, next: string) =>
      laptop.send("PUT", `${AUTH}/password`, { currentPassword: current, newPassword: next });
    const wrong = await change("not it at all", "a new password");
    assert.equal(wrong.status, 403);
    assert.match(String(wrong.body.error), /currentPassword is incorrect/);
    const weak = await change(PW, "short");
    assert.equal(weak.status, 400);
    assert.match(String(weak.body.error), /newPassword.*at least 8 characters/);

    assert.equal((await change(PW, "a new password")).status, 204);
    assert.equal((await laptop.me()).status, 200);
    assert.equal((await phone.me()).status, 401);
    assert.equal((await new Browser(server).login("ada@example.com", PW)).status, 401);
    assert.equal(
      (await new Browser(server).login("ada@example.com", "a new password")).status,
      200,
    );
  } finally {
    await server.stop();
  }
});

Deno.test("concurrent first sign-ups: exactly one becomes admin of the first workspace", async () => {
  for (const closed of [true, false]) {
    const server = await startTestApp({ DISABLE_REGISTRATION: String(closed) });
    try {
      const emails = Array.from({ length: 6 }, (_, i) => `racer${i}@example.com`);
      const replies = await Promise.all(emails.map((e) => new Browser(server).signup(e, PW)));
      const created = replies.filter((r) => r.status === 201).length;
      assert.equal(created, closed ? 1 : emails.length);
      if (closed) assert.ok(replies.every((r) => r.status === 201 || r.status === 403));
      const firsts = await server.store.read(async (tx) => {
        const all = await tx.workspaces.list();
        return all.filter((w) => w.name === FIRST_WORKSPACE_NAME);
      });
      assert.equal(firsts.length, 1);
      const admins = await server.store.read((tx) => tx.workspaceMembers.list(firsts[0]!.id));
      assert.equal(admins.length, 1);
      assert.equal(admins[0]!.role, "admin");
    } finally {
      await server.stop();
    }
  }
});
