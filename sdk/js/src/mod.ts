// @dialtone/sdk: the public entry.
export {
  type ChangeEvent,
  ConfigNotFoundError,
  type Context,
  Dialtone,
  type DialtoneOptions,
  type GetOptions,
  type Json,
  type Logger,
  type Status,
  type StatusListener,
} from "./client.ts";
export { fileSnapshot, localStorageSnapshot, type SnapshotStore } from "./snapshot.ts";
export { HttpError, StaleConnectionError } from "./stream.ts";
export type { BackoffOptions } from "./backoff.ts";
export { SDK_VERSION } from "./version.ts";
