// The process-level safety net: a promise rejection nobody handled, or an exception thrown
// outside any request (a timer, a stream callback), is logged and the process goes on.
// Errors inside a request never get here: app.ts answers them with a 500 and their request id.
import type { Logger } from "./log.ts";

/** Installs the net; returns a function that removes it. */
export function installSafetyNet(log: Logger): () => void {
  const onRejection = (e: PromiseRejectionEvent) => {
    e.preventDefault();
    log.error("Unhandled promise rejection; the process goes on", { error: e.reason });
  };
  const onError = (e: ErrorEvent) => {
    e.preventDefault();
    log.error("Uncaught exception; the process goes on", { error: e.error ?? e.message });
  };
  globalThis.addEventListener("unhandledrejection", onRejection);
  globalThis.addEventListener("error", onError);
  return () => {
    globalThis.removeEventListener("unhandledrejection", onRejection);
    globalThis.removeEventListener("error", onError);
  };
}
