// The banner shown when someone else saved a newer version of the config being edited, or a
// save was refused because of one: discard mine and load theirs, or save mine over it.
import { Button } from "../components/ui.tsx";
import type { ConfigDraft } from "./config_draft.ts";

export function NewerVersionAlert({ state }: { state: ConfigDraft }) {
  const { config, newer, conflict } = state;
  if (!config || !newer) return null;
  return (
    <div class="alert alert-warn" role="alert">
      <strong>{conflict ? "Not saved: " : ""}Someone else saved version {newer.version}</strong>
      {" "}
      while you were editing version {config.version}.{" "}
      {conflict ? `The server said: "${conflict.message}". ` : "Your changes are not saved yet. "}
      <div class="alert-actions">
        <Button small onClick={() => state.adopt(newer)}>
          Discard mine, load version {newer.version}
        </Button>
        <Button
          small
          variant="danger"
          busy={state.saving}
          onClick={() => state.save(newer.version)}
        >
          Save mine over version {newer.version}
        </Button>
      </div>
    </div>
  );
}
