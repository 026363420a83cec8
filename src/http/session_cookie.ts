// The session cookie: HttpOnly, SameSite=Lax, Path=/, Secure when the request or BASE_URL is
// https. The session behind it is made and ended by src/service/accounts.ts.
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { NewSession } from "../service/accounts.ts";
import { SESSION_COOKIE } from "./middleware/auth.ts";

/** The session token the request carries, if any. */
export const sessionCookie = (c: Context): string | null => getCookie(c, SESSION_COOKIE) ?? null;

export function setSessionCookie(c: Context, session: NewSession, secureBaseUrl: boolean): void {
  setCookie(c, SESSION_COOKIE, session.token, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure: secureBaseUrl || new URL(c.req.url).protocol === "https:",
    expires: new Date(session.expiresAt),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}
