// Warnings the server sent back with a write that succeeded (a reference to a config that
// does not exist, say): kept for one page, shown there until dismissed or the page is left.
import { useEffect } from "preact/hooks";
import { createStore, useStore } from "../lib/store.ts";
import type { Issue } from "../lib/types.ts";
import { Button, IssueList } from "./ui.tsx";

type Entry = { where: string; title: string; warnings: Issue[] };
const latest = createStore<Entry | null>(null);

/** The `where` of one config's page. */
export const configPlace = (projectId: string, name: string) => `config:${projectId}/${name}`;

/** "Saved with 2 warnings" */
export const warningsTitle = (done: string, n: number) =>
  `${done} with ${n} warning${n === 1 ? "" : "s"}`;

/** After a write: keep its warnings for the page `where` (`done`: "Saved", "Imported"…), or
 * clear the last ones when there are none. */
export function reportWarnings(where: string, done: string, warnings: Issue[] | undefined) {
  latest.set(
    warnings && warnings.length > 0
      ? { where, title: warningsTitle(done, warnings.length), warnings }
      : null,
  );
}

export function WarningsNotice(
  { title, warnings, onDismiss }: { title: string; warnings: Issue[]; onDismiss?: () => void },
) {
  return (
    <div class="alert alert-warn write-warnings" role="status">
      <div class="write-warnings-head">
        <strong>{title}</strong>
        {onDismiss && <Button small variant="ghost" onClick={onDismiss}>Dismiss</Button>}
      </div>
      <IssueList issues={warnings} />
    </div>
  );
}

/** The warnings reported for `where`, if any; leaving the page forgets them. */
export function WriteWarnings({ where }: { where: string }) {
  const entry = useStore(latest);
  useEffect(() => () => {
    if (latest.get()?.where === where) latest.set(null);
  }, [where]);
  if (!entry || entry.where !== where) return null;
  return (
    <WarningsNotice
      title={entry.title}
      warnings={entry.warnings}
      onDismiss={() => latest.set(null)}
    />
  );
}
