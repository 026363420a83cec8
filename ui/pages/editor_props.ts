// What the config page hands each of its editing tabs: the saved config, the draft of its
// full state, and the scope (base or an environment) being edited.
import type { Scope } from "../lib/config_model.ts";
import type { ConfigDetail, ConfigSummary, ConfigWrite } from "../lib/types.ts";

export type EditorProps = {
  config: ConfigDetail;
  draft: ConfigWrite;
  setDraft: (update: (d: ConfigWrite) => ConfigWrite) => void;
  scope: Scope;
  setScope: (scope: Scope) => void;
  /** Changes whenever the draft is replaced from the server: editors start over. */
  resetKey: number;
  markInvalid: (key: string, invalid: boolean) => void;
  /** The project's configs, or undefined while they load. */
  allConfigs: ConfigSummary[] | undefined;
};
