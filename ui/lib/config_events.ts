// Config saves made in this browser, told to its other tabs at once over a BroadcastChannel,
// so an open config page with unsaved edits shows the conflict banner before its next poll
// (a background tab does not poll at all). Saves by other people are found by the poll.
export type SavedConfig = { projectId: string; name: string; version: number };

const channel = typeof BroadcastChannel === "function"
  ? new BroadcastChannel("dialtone.config-saves")
  : null;

export function announceSave(saved: SavedConfig) {
  channel?.postMessage(saved);
}

/** Calls `fn` for each save another tab announces; returns the unsubscribe. */
export function onSaveElsewhere(fn: (saved: SavedConfig) => void): () => void {
  const listener = (e: MessageEvent<SavedConfig>) => fn(e.data);
  channel?.addEventListener("message", listener);
  return () => channel?.removeEventListener("message", listener);
}

/** Calls `fn` whenever the tab comes back into view or gets the focus. */
export function onReturn(fn: () => void): () => void {
  const visible = () => {
    if (document.visibilityState === "visible") fn();
  };
  document.addEventListener("visibilitychange", visible);
  addEventListener("focus", visible);
  return () => {
    document.removeEventListener("visibilitychange", visible);
    removeEventListener("focus", visible);
  };
}
