// Single sign-on over real sockets without a browser: group → role mapping across sign-ins,
// the fixed lifetime of SSO sessions, and the settings' syntax. tests/oidc_e2e_test.ts drives
// the dashboard in Chromium.
import assert from "node:assert/strict";
import { loadConfig } from "../src/config/config.ts";
import { parseGroupRoles } from "../src/config/oidc.ts";
import { admit } from "../src/auth/oidc_policy.ts";
import { Forbidden } from "../src/domain/errors.ts";
import { sha256Hex } from "../src/auth/tokens.ts";
import { createWorld } from "./helpers/api.ts";
import { ssoAddresses, startIdp } from "./helpers/oidc_provider.ts";
import { startTestServer } from "./helpers/server.ts";

/** Follows the redirects of one SSO sign-in as a browser would; answers where it ends. */
async function signIn(base: string, login: string, password: string) {
  const jar = new Map<string, string>();
  const send = async (url: URL, init: RequestInit = {}) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...init.headers, cookie },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...value] = pair!.split("=");
      jar.set(name!.trim(), value.join("="));
    }
    await res.body?.cancel();
    return res;
  };
  let url = new URL(`${base}/api/auth/oidc/login`);
  for (let hops = 0; hops < 20; hops++) {
    const login_ = /^\/interaction\/([^/]+)$/.exec(url.pathname);
    const res = login_
      ? await send(new URL(`${url.pathname}/login`, url), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ login, password }).toString(),
      })
      : await send(url);
    const location = res.headers.get("location");
    if (!location) throw new Error(`${url} answered ${res.status} without a redirect`);
    url = new URL(location, url);
    if (url.origin === base && !url.pathname.startsWith("/api/auth/oidc")) {
      return { url, session: jar.get("dialtone_session") ?? null, jar };
    }
  }
  throw new Error("Too many redirects");
}

Deno.test("SSO: workspace roles follow the groups at each sign-in; SSO sessions are not extended", async () => {
  const at = ssoAddresses();
  const first = await startTestServer();
  const { workspaceId: w } = await createWorld(first.su);
  await first.su.ok("POST", `/workspaces/${w}/members`, { email: "keeper@x.test", role: "admin" });
  await first.shutdown();
  const idp = await startIdp(at);
  const server = await startTestServer({
    ...at.env,
    OIDC_GROUP_ROLES: `ops=admin@${w}, dev=member@${w}`,
    OIDC_SESSION_HOURS: "2",
  }, { dir: first.dir });
  try {
    const carol = { password: "pw-c", email: "carol@x.test", groups: ["dev"] };
    idp.users.set("carol", carol);
    const role = async () => {
      const list = await server.su.ok("GET", `/workspaces/${w}/members`);
      return (list.body.members as { email: string; role: string }[])
        .find((m) => m.email === "carol@x.test")?.role ?? null;
    };

    const signedIn = await signIn(server.url, "carol", "pw-c");
    assert.equal(signedIn.url.pathname, "/");
    assert.equal(await role(), "member");
    carol.groups = ["ops", "dev"];
    await signIn(server.url, "carol", "pw-c");
    assert.equal(await role(), "admin");
    carol.groups = ["elsewhere"];
    await signIn(server.url, "carol", "pw-c");
    assert.equal(await role(), null);
    const audit = await server.su.ok("GET", `/workspaces/${w}/audit-log`);
    const actions = (audit.body.entries as { action: string; actor: { label: string } }[])
      .filter((e) => e.actor.label === "carol@x.test (SSO groups)").map((e) => e.action);
    assert.deepEqual(actions.sort(), [
      "workspace_member.add",
      "workspace_member.remove",
      "workspace_member.update",
    ]);

    // The session ends OIDC_SESSION_HOURS after sign-in, however much it is used.
    const hash = sha256Hex(signedIn.session!);
    const session = await server.store.read((tx) => tx.users.session(hash));
    const hours = (Date.parse(session!.expiresAt) - Date.now()) / 3_600_000;
    assert.ok(hours > 1.9 && hours <= 2, `expires in ${hours} h`);
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await server.store.write((tx) => tx.users.touchSession(hash, later));
    const touched = await server.store.read((tx) => tx.users.session(hash));
    assert.equal(touched!.expiresAt, session!.expiresAt);

    // A user the provider refuses never gets a session.
    idp.users.delete("carol");
    await assert.rejects(signIn(server.url, "carol", "pw-c"), /answered 403/);
  } finally {
    await server.stop();
    await idp.close();
  }
});

Deno.test("OIDC_GROUP_ROLES: group=role@workspaceId, groups may hold @ and =; mistakes are named", () => {
  const w = crypto.randomUUID();
  assert.deepEqual(parseGroupRoles(`admins@acme.org=admin@${w}, a=b=member@${w}`).roles, [
    { group: "admins@acme.org", role: "admin", workspaceId: w },
    { group: "a=b", role: "member", workspaceId: w },
  ]);
  const { problems } = parseGroupRoles(`ops=owner@${w},ops@${w},ops=admin@nope`);
  assert.equal(problems.length, 3);
  assert.match(problems[0]!, /role "owner" must be admin or member/);
  assert.match(problems[1]!, /must read group=role@workspaceId/);
  assert.match(problems[2]!, /"nope" must be a workspace id/);
});

Deno.test("OIDC settings: BASE_URL, the client and https are required; admit() checks the claims", () => {
  const bad = loadConfig({ OIDC_ISSUER: "http://idp.example.com" });
  assert.equal(bad.ok, false);
  const problems = bad.ok ? [] : bad.problems.join("\n");
  for (const name of ["OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "BASE_URL", "must be https"]) {
    assert.match(String(problems), new RegExp(name));
  }
  const good = loadConfig({
    OIDC_ISSUER: "https://idp.example.com",
    OIDC_CLIENT_ID: "c",
    OIDC_CLIENT_SECRET: "s",
    BASE_URL: "https://flags.example.com/",
    OIDC_ALLOWED_GROUPS: "eng",
  });
  assert.ok(good.ok);
  const oidc = good.config.oidc!;
  assert.equal(oidc.redirectUri, "https://flags.example.com/api/auth/oidc/callback");
  const claims = { sub: "1", email: "a@x.org", email_verified: true, groups: ["eng"] };
  assert.equal(admit(claims, oidc).email, "a@x.org");
  assert.throws(() => admit({ ...claims, groups: ["sales"] }, oidc), Forbidden);
  assert.throws(() => admit({ ...claims, email_verified: "true" }, oidc), /not verified/);
});
