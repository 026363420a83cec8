// A small client router on history.pushState: the current location as a hook, `navigate`,
// pattern matching with :params, and a guard that asks before leaving unsaved edits.
import { useEffect, useState } from "preact/hooks";

export type Location = { path: string; query: URLSearchParams };

const listeners = new Set<() => void>();
const guards = new Set<() => string | null>();

function current(): Location {
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

function notify() {
  for (const listener of [...listeners]) listener();
}

/** The first reason a registered guard gives for staying, or null. */
function leaveReason(): string | null {
  for (const guard of guards) {
    const reason = guard();
    if (reason) return reason;
  }
  return null;
}

let asker: ((reason: string) => Promise<boolean>) | null = null;

/**
 * Installs the in-app dialog that asks before leaving unsaved edits (the browser's confirm is
 * used without one); returns the uninstall, which leaves a newer asker in place.
 */
export function setLeaveAsker(ask: (reason: string) => Promise<boolean>): () => void {
  asker = ask;
  return () => {
    if (asker === ask) asker = null;
  };
}

/** Goes on at once when no guard objects; else asks, and goes on only if the user agrees. */
function whenAllowed(go: () => void) {
  const reason = leaveReason();
  if (!reason) return go();
  if (!asker) {
    if (confirm(reason)) go();
    return;
  }
  void asker(reason).then((ok) => ok && go());
}

export function navigate(to: string, options: { replace?: boolean; force?: boolean } = {}) {
  const target = new URL(to, location.href);
  const same = target.pathname === location.pathname && target.search === location.search;
  if (!options.force && !same) {
    whenAllowed(() => navigate(to, { ...options, force: true }));
    return;
  }
  if (options.replace) history.replaceState(null, "", target.pathname + target.search);
  else if (!same) history.pushState(null, "", target.pathname + target.search);
  if (!same && target.pathname !== location.pathname) scrollTo(0, 0);
  notify();
}

/**
 * Swaps the address for another one of the same page (a project's readable address for its id,
 * or its new name after a rename): no history entry, no leave guard, no scrolling.
 */
export function replacePath(to: string) {
  const target = new URL(to, location.href);
  history.replaceState(null, "", target.pathname + target.search);
  notify();
}

/** Changes query parameters in place (no new history entry). */
export function setQuery(changes: Record<string, string | null>) {
  const query = new URLSearchParams(location.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) query.delete(key);
    else query.set(key, value);
  }
  const search = query.toString();
  history.replaceState(null, "", location.pathname + (search ? `?${search}` : ""));
  notify();
}

let lastPath = location.pathname + location.search;
addEventListener("popstate", () => {
  if (!leaveReason()) return notify();
  // Back or forward already moved the address: put it back, then go there once agreed.
  const wanted = location.pathname + location.search;
  history.pushState(null, "", lastPath);
  whenAllowed(() => navigate(wanted, { force: true }));
});
listeners.add(() => {
  lastPath = location.pathname + location.search;
});

export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = () => setLoc(current());
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return loc;
}

/** `/w/:ws/p/:project` against a path: the params, or null. A trailing `*` matches the rest. */
export function match(pattern: string, path: string): Record<string, string> | null {
  try {
    return matchDecoded(pattern, path);
  } catch (error) {
    // A malformed escape ("%E0") names nothing: a not-found page, not a crash.
    if (error instanceof URIError) return null;
    throw error;
  }
}

function matchDecoded(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const have = path.split("/").filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!;
    if (part === "*") {
      params["*"] = have.slice(i).map(decodeURIComponent).join("/");
      return params;
    }
    const segment = have[i];
    if (segment === undefined) {
      if (part.endsWith("?")) continue;
      return null;
    }
    if (part.startsWith(":")) {
      params[part.slice(1).replace(/\?$/, "")] = decodeURIComponent(segment);
    } else if (part !== segment) return null;
  }
  return have.length > want.length ? null : params;
}

/** While mounted, leaving the page (in-app or by closing the tab) asks first if `dirty`. */
export function useLeaveGuard(dirty: boolean, message = "Discard your unsaved changes?") {
  useEffect(() => {
    if (!dirty) return;
    const guard = () => message;
    const beforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    guards.add(guard);
    addEventListener("beforeunload", beforeUnload);
    return () => {
      guards.delete(guard);
      removeEventListener("beforeunload", beforeUnload);
    };
  }, [dirty, message]);
}

/** For an <a>: plain left clicks navigate in-app; modified clicks keep browser behaviour. */
export function onLinkClick(e: MouseEvent) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) {
    return;
  }
  const anchor = e.currentTarget as HTMLAnchorElement;
  if (anchor.target && anchor.target !== "_self") return;
  const url = new URL(anchor.href);
  if (url.origin !== location.origin) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
}
