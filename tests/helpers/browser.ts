// A tiny "browser" that keeps the session cookie and the CSRF token between requests, against
// a server on a socket (server.ts) or an in-process app (app.ts).
import type { Endpoint } from "./api.ts";

export const AUTH = "/api/admin/v1/auth";

export type Reply = { status: number; body: Record<string, unknown>; headers: Headers };

export class Browser {
  cookie: string | null = null;
  csrf: string | null = null;

  constructor(readonly endpoint: Endpoint, readonly headers: Record<string, string> = {}) {}

  /** JSON request; sends the cookie, and the CSRF token unless `csrf` is false. */
  async send(
    method: string,
    path: string,
    body?: unknown,
    options: { csrf?: boolean | string; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...this.headers, ...options.headers };
    if (body !== undefined) headers["content-type"] ??= "application/json";
    if (this.cookie) headers.cookie = `dialtone_session=${this.cookie}`;
    const csrf = typeof options.csrf === "string"
      ? options.csrf
      : options.csrf === false
      ? null
      : this.csrf;
    if (csrf) headers["x-csrf-token"] = csrf;
    const res = await this.endpoint.fetch(`${this.endpoint.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    this.#keepCookie(res.headers);
    const text = await res.text();
    const parsed = text === "" ? {} : JSON.parse(text);
    if (typeof parsed?.csrfToken === "string") this.csrf = parsed.csrfToken;
    return { status: res.status, body: parsed, headers: res.headers };
  }

  signup(email: string, password: string, name?: string): Promise<Reply> {
    return this.send("POST", `${AUTH}/signup`, { email, password, name });
  }

  login(email: string, password: string): Promise<Reply> {
    return this.send("POST", `${AUTH}/login`, { email, password });
  }

  me(): Promise<Reply> {
    return this.send("GET", `${AUTH}/me`);
  }

  #keepCookie(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const match = /^dialtone_session=([^;]*)/.exec(line);
      if (!match) continue;
      const cleared = match[1] === "" || /max-age=0/i.test(line);
      this.cookie = cleared ? null : match[1]!;
    }
  }
}
