// Who is signed in: the server's auth status, the account and its workspaces.
import { setCsrfToken, whenSignedOut } from "./api.ts";
import { auth } from "./endpoints.ts";
import { createStore } from "./store.ts";
import type { AuthStatus, Me } from "./types.ts";

export type Session =
  | { state: "loading" }
  | { state: "error"; message: string }
  | { state: "signed_out"; status: AuthStatus }
  | { state: "signed_in"; status: AuthStatus | null; me: Me };

export const session = createStore<Session>({ state: "loading" });

export async function refreshSession(): Promise<void> {
  try {
    const status = await auth.status();
    if (status.needsSetup) {
      setCsrfToken(null);
      session.set({ state: "signed_out", status });
      return;
    }
    try {
      const me = await auth.me();
      setCsrfToken(me.csrfToken);
      session.set({ state: "signed_in", status, me });
    } catch (error) {
      if ((error as { status?: number }).status !== 401) throw error;
      setCsrfToken(null);
      session.set({ state: "signed_out", status });
    }
  } catch (error) {
    session.set({
      state: "error",
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

/** After sign-in or sign-up: keep the token, then load the account and its workspaces. */
export async function startSession(csrfToken: string): Promise<void> {
  setCsrfToken(csrfToken);
  await refreshSession();
}

export async function signOut(): Promise<void> {
  try {
    await auth.logout();
  } finally {
    setCsrfToken(null);
    await refreshSession();
  }
}

whenSignedOut(() => {
  if (session.get().state === "signed_in") void refreshSession();
});
