// The last place visited (`/w/:ws` or `/w/:ws/p/:project`), kept in localStorage so "/" and
// the account page can go back there.
const KEY = "dialtone.last";

export function rememberPlace(path: string) {
  try {
    localStorage.setItem(KEY, path);
  } catch { /* not important */ }
}

export function forgetPlace() {
  try {
    localStorage.removeItem(KEY);
  } catch { /* not important */ }
}

export function lastPlace(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** The workspace of the last place visited, if the user still belongs to it. */
export function lastWorkspace(ids: string[]): string | null {
  const id = lastPlace()?.match(/^\/w\/([^/]+)/)?.[1];
  return id && ids.includes(id) ? id : null;
}
