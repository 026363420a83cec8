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

/** Asks the registered guards; true when navigation may go ahead. */
function mayLeave(): boolean {
  for (const guard of guards) {
    const reason = guard();
    if (reason && !confirm(reason)) return false;
  }
  return true;
}

export function navigate(to: string, options: { replace?: boolean; force?: boolean } = {}) {
  const target = new URL(to, location.href);
  const same = target.pathname === location.pathname && target.search === location.search;
  if (!options.force && !same && !mayLeave()) return;
  if (options.replace) history.replaceState(null, "", target.pathname + target.search);
  else if (!same) history.pushState(null, "", target.pathname + target.search);
  if (!same && target.pathname !== location.pathname) scrollTo(0, 0);
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
  if (guards.size > 0 && !mayLeave()) {
    history.pushState(null, "", lastPath);
    return;
  }
  notify();
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
