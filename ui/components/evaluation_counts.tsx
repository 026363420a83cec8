// "Evaluated N times in the last 24 h · last evaluated …" for one config, from the admin API's
// evaluation counts (OFREP and the SDK evaluate endpoint count; the stream SDK evaluates in
// the app and is not counted). Refreshed every 30 s while the tab is visible.
import { api, enc } from "../lib/api.ts";
import { ago, dateTime, plural } from "../lib/format.ts";
import { useData, useInterval } from "../lib/use_data.ts";

type Counts = {
  windowHours: number;
  count: number;
  lastEvaluatedAt: string | null;
  environments: { environmentName: string; count: number; lastEvaluatedAt: string | null }[];
};

export function EvaluationCounts({ projectId, name }: { projectId: string; name: string }) {
  const counts = useData(
    () => api.get<Counts>(`/projects/${enc(projectId)}/configs/${enc(name)}/evaluations`),
    [projectId, name],
  );
  useInterval(() => void counts.reload(), 30_000);
  const c = counts.data;
  if (!c) return null;
  const perEnvironment = c.environments.filter((e) => e.count > 0)
    .map((e) => `${e.environmentName}: ${e.count.toLocaleString()}`).join(" · ");
  return (
    <p class="meta" data-testid="evaluation-counts" title={perEnvironment || undefined}>
      {c.count > 0
        ? `Evaluated ${plural(c.count, "time")} in the last ${c.windowHours} h`
        : `Not evaluated on the server in the last ${c.windowHours} h`}
      {c.lastEvaluatedAt !== null && (
        <>
          {" · last evaluated "}
          <time dateTime={c.lastEvaluatedAt} title={dateTime(c.lastEvaluatedAt)}>
            {ago(c.lastEvaluatedAt)}
          </time>
        </>
      )}
      {perEnvironment && ` (${perEnvironment})`}
    </p>
  );
}
