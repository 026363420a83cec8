// Single sign-on with two instances on one Postgres behind one BASE_URL (docs/sso.md#several-
// instances): a sign-in started on one instance and finished on the other works, because the
// state, nonce and PKCE verifier travel in a cookie sealed with the shared SECRET_KEY, not in
// process memory; the account and session are in Postgres, so both instances know them, and
// ending a member's sessions on one ends them on both. Driven over HTTP like a browser.
import assert from "node:assert/strict";
import { createWorld } from "./helpers/api.ts";
import { ssoAddresses, startIdp } from "./helpers/oidc_provider.ts";
import { freePort } from "./helpers/pg_cluster.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

const SECRET = "oidc-pg-shared-secret-key-0123456789abcdef";

/** A browser's cookie jar for 127.0.0.1 (cookies ignore the port, as browsers do). */
class Browser {
  readonly jar = new Map<string, string>();

  async send(url: URL, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...init.headers, cookie },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const [name, ...value] = pair!.split("=");
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (gone) this.jar.delete(name!.trim());
      else this.jar.set(name!.trim(), value.join("="));
    }
    return res;
  }

  /**
   * Follows one SSO sign-in from `start` (an instance's /api/auth/oidc/login) through the
   * provider's login form; answers the Dialtone address it ends on and who finished it.
   */
  async signIn(start: string, login: string, password: string) {
    let url = new URL(`${start}/api/auth/oidc/login`);
    const visited: string[] = [];
    for (let hops = 0; hops < 20; hops++) {
      visited.push(url.origin + url.pathname);
      const form = /^\/interaction\/([^/]+)$/.exec(url.pathname);
      const res = form
        ? await this.send(new URL(`${url.pathname}/login`, url), {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ login, password }).toString(),
        })
        : await this.send(url);
      await res.body?.cancel();
      const location = res.headers.get("location");
      if (!location) throw new Error(`${url} answered ${res.status} without a redirect`);
      const next = new URL(location, url);
      if (url.pathname === "/api/auth/oidc/callback") return { url: next, callback: url, visited };
      url = next;
    }
    throw new Error("Too many redirects");
  }

  /** GET /api/admin/v1/auth/me on `base` with the jar's session. */
  async me(base: string): Promise<{ status: number; email?: string }> {
    const res = await this.send(new URL(`${base}/api/admin/v1/auth/me`));
    const body = await res.json();
    return { status: res.status, email: body.user?.email ?? body.email };
  }
}

Deno.test({
  name:
    "SSO on Postgres: a sign-in started on one instance finishes on the other; End sessions ends it on both",
  ignore: pgUnavailable,
  async fn() {
    const database = await freshDatabase();
    const at = ssoAddresses();
    const idp = await startIdp(at);
    const started: TestServer[] = [];
    const start = async (env: Record<string, string>) => {
      const s = await startTestServer({
        DATABASE_URL: database.url,
        SECRET_KEY: SECRET,
        ...at.env,
        ...env,
      });
      started.push(s);
      return s;
    };
    try {
      // Both behind BASE_URL, which is `b`'s address: the provider always returns to `b`.
      const b = await start({});
      const a = await start({ PORT: String(freePort()) });
      assert.notEqual(a.url, b.url);
      assert.equal(b.url, at.baseUrl);
      idp.users.set("dana", { password: "pw-d", email: "dana@x.test", name: "Dana" });

      const browser = new Browser();
      const done = await browser.signIn(a.url, "dana", "pw-d");
      assert.equal(done.visited[0], `${a.url}/api/auth/oidc/login`, "started on a");
      assert.equal(done.callback.origin, b.url, "finished on b");
      assert.equal(done.url.pathname, "/", `ended on ${done.url}`);
      assert.ok(browser.jar.has("dialtone_session"));
      for (const s of [a, b]) {
        assert.deepEqual(await browser.me(s.url), {
          status: 200,
          email: "dana@x.test",
        });
      }

      // The account was made once, in Postgres: both instances list it.
      const { workspaceId } = await createWorld(a.su);
      await a.su.ok("POST", `/workspaces/${workspaceId}/members`, {
        email: "dana@x.test",
        role: "member",
      });
      const members = await b.su.ok("GET", `/workspaces/${workspaceId}/members`);
      assert.ok(members.text.includes("dana@x.test"), members.text);

      // A second sign-in, the other way round, links to the same account.
      const again = new Browser();
      await again.signIn(b.url, "dana", "pw-d");
      assert.equal((await again.me(a.url)).email, "dana@x.test");

      // An admin ends Dana's sessions on b: both sessions end on both instances.
      const ended = await b.su.ok(
        "DELETE",
        `/workspaces/${workspaceId}/members/dana@x.test/sessions`,
      );
      assert.equal(ended.body.sessionsEnded, 2);
      for (const jar of [browser, again]) {
        for (const s of [a, b]) assert.equal((await jar.me(s.url)).status, 401, s.url);
      }

      // A flow cookie sealed under another SECRET_KEY is refused with a message, not a crash.
      const c = await start({ PORT: String(freePort()), SECRET_KEY: `${SECRET}-other` });
      const foreign = await new Browser().signIn(c.url, "dana", "pw-d");
      assert.equal(foreign.url.pathname, "/signin");
      assert.match(foreign.url.searchParams.get("sso_error") ?? "", /not started here/);
    } finally {
      for (const s of started.reverse()) await s.stop();
      await idp.close();
      await database.drop();
    }
  },
});
