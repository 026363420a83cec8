// fetch for the admin API: JSON in and out, the session's CSRF token on every mutation, and
// the server's error body (`{error, code, requestId, issues?}`) surfaced as an ApiError.
import { readable } from "./error_text.ts";
import type { Issue } from "./types.ts";

export const API_BASE = "/api/admin/v1";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: Issue[] = [],
    /** The server's machine-readable code: bad_request, conflict, stale_version, not_found… */
    readonly code?: string,
    /** The answer's other fields, e.g. the changeRequestId of a 409 approval_required. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** A save based on an old version, told apart by the server's error code: `stale_version`
   * (the 409 of our PATCH and restore, the 400 of Replane's PUT) or a plain `conflict`. */
  get isConflict(): boolean {
    return this.code === "stale_version" || this.code === "conflict";
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

/** Called on a 401 from anything but the auth routes: the session ended. */
let onSignedOut: (() => void) | null = null;
export const whenSignedOut = (handler: () => void) => {
  onSignedOut = handler;
};

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(API_BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, "Cannot reach the Dialtone server. Check your connection and retry.");
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text !== "") {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const obj = (data ?? {}) as {
      error?: unknown;
      msg?: unknown;
      issues?: unknown;
      code?: unknown;
    };
    const message = typeof obj.error === "string"
      ? obj.error
      : typeof obj.msg === "string"
      ? obj.msg
      : `The server answered ${res.status} ${res.statusText || ""}`.trim();
    const issues = Array.isArray(obj.issues) ? obj.issues as Issue[] : [];
    if (res.status === 401 && !path.startsWith("/auth/")) onSignedOut?.();
    throw new ApiError(
      res.status,
      message,
      issues,
      typeof obj.code === "string" ? obj.code : undefined,
      obj as Record<string, unknown>,
    );
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>("GET", path, undefined, signal),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, body),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, body),
  del: <T = void>(path: string) => request<T>("DELETE", path),
};

/** A readable message for anything thrown. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return readable(error.message);
  return String(error);
}

export const enc = encodeURIComponent;
