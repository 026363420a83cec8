// The browser's single sign-on round trip (docs/sso.md): GET /api/auth/oidc/login sends it to
// the provider with PKCE, state and nonce kept in a sealed, short-lived cookie; the provider
// sends it back to GET /api/auth/oidc/callback, where the code is exchanged, the ID token
// checked and the session opened. Problems go back to the sign-in page, which shows them.
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { type LoginFlow, oidcClient } from "../auth/oidc_client.ts";
import { admit } from "../auth/oidc_policy.ts";
import { secretBox } from "../auth/secret_box.ts";
import { DomainError } from "../domain/errors.ts";
import { signInWithSso } from "../service/sso.ts";
import { clientIp } from "./client_ip.ts";
import type { AppDeps, AppEnv } from "./context.ts";
import { sessionCookie, setSessionCookie } from "./session_cookie.ts";

const FLOW_COOKIE = "dialtone_oidc";
const FLOW_PATH = "/api/auth/oidc";
const FLOW_SECONDS = 600;

export function oidcRouter(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const settings = deps.config.oidc;
  if (!settings) return app;
  const client = oidcClient(settings);
  const box = secretBox(deps.config.secretKey, "oidc-flow");
  const secure = settings.redirectUri.startsWith("https:");
  const back = (message: string) => `/signin?sso_error=${encodeURIComponent(message)}`;

  app.get("/login", async (c) => {
    let started;
    try {
      started = await client.start();
    } catch (error) {
      deps.log.warn("Cannot reach the SSO provider", { issuer: settings.issuer, error });
      return c.redirect(back(`Cannot reach the sign-in provider (${settings.issuer})`));
    }
    const sealed = box.seal(
      JSON.stringify({ ...started.flow, exp: Date.now() + FLOW_SECONDS * 1e3 }),
    );
    setCookie(c, FLOW_COOKIE, sealed, {
      path: FLOW_PATH,
      httpOnly: true,
      sameSite: "Lax",
      secure,
      maxAge: FLOW_SECONDS,
    });
    return c.redirect(started.url);
  });

  app.get("/callback", async (c) => {
    const flow = readFlow(box.open(getCookie(c, FLOW_COOKIE) ?? ""));
    deleteCookie(c, FLOW_COOKIE, { path: FLOW_PATH });
    if (!flow) {
      return c.redirect(back("The sign-in took too long or was not started here; try again"));
    }
    const given = new URL(c.req.url);
    const callback = new URL(settings.redirectUri);
    callback.search = given.search;
    const error = given.searchParams.get("error");
    if (error) {
      const why = given.searchParams.get("error_description") ?? error;
      return c.redirect(back(`The sign-in provider refused: ${why.slice(0, 200)}`));
    }
    try {
      const claims = await client.finish(callback, flow);
      const profile = admit(claims, settings);
      const done = await signInWithSso(
        deps.store,
        profile,
        { ...deps.config, groupRoles: settings.groupRoles, sessionHours: settings.sessionHours },
        {
          ip: clientIp(c, deps.config.trustedProxyHops),
          userAgent: c.req.header("user-agent") ?? "",
          replaces: sessionCookie(c),
        },
        c.get("requestId") ?? null,
      );
      deps.log.info("SSO sign-in", { userId: done.user.id, how: done.how });
      setSessionCookie(c, done.session, secure);
      return c.redirect("/");
    } catch (error) {
      const message = error instanceof DomainError
        ? error.message
        : "Cannot sign in: the provider's answer did not check out";
      deps.log.warn("SSO sign-in refused", {
        error: error instanceof Error ? error.message : String(error),
        requestId: c.get("requestId"),
      });
      return c.redirect(back(message));
    }
  });
  return app;
}

function readFlow(text: string | null): LoginFlow | null {
  if (!text) return null;
  try {
    const f = JSON.parse(text);
    if (typeof f.exp !== "number" || f.exp < Date.now()) return null;
    if (![f.state, f.nonce, f.verifier].every((v) => typeof v === "string")) return null;
    return { state: f.state, nonce: f.nonce, verifier: f.verifier };
  } catch {
    return null;
  }
}
