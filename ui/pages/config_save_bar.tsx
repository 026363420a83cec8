// The bar under a config with unsaved edits: what stops the save (a newer version, invalid
// JSON), an optional comment saying why, and Discard, Schedule… and Save.
import { Button, ErrorBox } from "../components/ui.tsx";
import { LIMITS } from "../../src/domain/limits.ts";
import type { ConfigDraft } from "./config_draft.ts";
import { ScheduleButton } from "./schedule_dialog.tsx";

export function ConfigSaveBar(
  { projectId, name, state }: { projectId: string; name: string; state: ConfigDraft },
) {
  const { config, draft, newer, invalid, saving } = state;
  if (!config || !draft) return null;
  return (
    <div class="savebar" role="region" aria-label="Unsaved changes">
      <span>
        {newer
          ? `Version ${newer.version} is newer than yours: choose above how to go on.`
          : invalid.size > 0
          ? `Fix the JSON errors before saving (${invalid.size} editor${
            invalid.size > 1 ? "s" : ""
          }).`
          : "You have unsaved changes."}
      </span>
      <ErrorBox error={state.saveError} title="Not saved." />
      {!newer && (
        <input
          class="savebar-comment"
          aria-label="Comment for this save"
          placeholder="Why this change? (optional)"
          maxLength={LIMITS.maxCommentLength}
          value={state.comment}
          disabled={saving}
          onInput={(e) => state.setComment((e.target as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && invalid.size === 0) {
              e.preventDefault();
              void state.save(config.version);
            }
          }}
        />
      )}
      <div class="savebar-actions">
        <Button onClick={state.discard} disabled={saving}>Discard</Button>
        {!newer && (
          <ScheduleButton
            projectId={projectId}
            name={name}
            draft={draft}
            disabled={saving || invalid.size > 0}
            onDone={state.discard}
          />
        )}
        {!newer && (
          <Button
            variant="primary"
            busy={saving}
            disabled={invalid.size > 0}
            onClick={() => state.save(config.version)}
          >
            Save version {config.version + 1}
          </Button>
        )}
      </div>
    </div>
  );
}
