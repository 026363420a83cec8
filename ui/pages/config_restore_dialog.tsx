// History's "Restore vN": after a confirm step with an optional comment (why), it saves the old
// state as a new version, so nothing is lost.
import { useState } from "preact/hooks";
import { LIMITS } from "../../src/domain/limits.ts";
import { ConfirmButton } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import { TextField } from "../components/ui.tsx";
import { configPlace, reportWarnings } from "../components/write_warnings.tsx";
import { configs } from "../lib/endpoints.ts";
import type { ConfigDetail } from "../lib/types.ts";

export function RestoreButton(
  { projectId, config, version, dirty, onRestored }: {
    projectId: string;
    config: ConfigDetail;
    /** The version to restore. */
    version: number;
    /** Unsaved edits on the other tabs, which the restore discards. */
    dirty: boolean;
    onRestored: () => Promise<void>;
  },
) {
  const [why, setWhy] = useState("");
  return (
    <ConfirmButton
      variant="primary"
      label={`Restore v${version}`}
      title={`Restore version ${version}?`}
      message={
        <>
          <p>
            This saves the state of version {version} as a new version{" "}
            {config.version + 1}. Nothing is lost: version {config.version}{" "}
            stays in the history.{dirty
              ? " Your unsaved edits on the other tabs will be discarded."
              : ""}
          </p>
          <TextField
            label="Comment"
            placeholder="Why this change? (optional)"
            maxLength={LIMITS.maxCommentLength}
            value={why}
            onValue={setWhy}
          />
        </>
      }
      confirmLabel={`Restore v${version}`}
      action={async () => {
        const r = await configs.restore(
          projectId,
          config.name,
          version,
          config.version,
          why.trim() || undefined,
        );
        setWhy("");
        toast(`Restored version ${version} as version ${r.version}`);
        await onRestored();
        reportWarnings(configPlace(projectId, config.name), "Restored", r.warnings);
      }}
    />
  );
}
