// The grid's confirm step on a protected environment: the config's open change requests that
// already change that environment, so "Submit for review" does not silently open a second one
// beside them (each would need its own approval, and applying one makes the other stale).
import { Link, Notice } from "../components/ui.tsx";
import { effective } from "../lib/config_model.ts";
import { changeRequests } from "../lib/endpoints.ts";
import { ago, dateTime } from "../lib/format.ts";
import type { ChangeRequest, Environment } from "../lib/types.ts";
import { useData } from "../lib/use_data.ts";
import { crUrl } from "./change_requests.tsx";
import { useProject } from "./project_context.ts";

/** Open change requests of `configName` touching `envId`, oldest first; null while loading. */
export function useOpenRequests(projectId: string, configName: string, envId: string) {
  const list = useData(
    // No answer (say, no right to list them) counts as none: the dialog still works.
    () => changeRequests.list(projectId, { status: "open", config: configName }).catch(() => []),
    [projectId, configName],
  );
  if (!list.data) return null;
  return list.data
    .filter((cr) => cr.configName === configName && cr.environmentIds.includes(envId))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** What an open request serves in `env`, when it can be told (sensitive lists mask values). */
function proposed(cr: ChangeRequest, env: Environment) {
  if (cr.sensitive) return null;
  const value = effective(cr.state, env.id).body.value;
  return typeof value === "boolean" ? (value ? "on" : "off") : null;
}

export function OpenRequestsNotice(
  { requests, env, configName }: {
    requests: ChangeRequest[];
    env: Environment;
    configName: string;
  },
) {
  const { base } = useProject();
  const one = requests.length === 1;
  return (
    <Notice kind="warn">
      <div data-testid="open-requests">
        <strong>
          {configName} already has{" "}
          {one ? "an open change request" : `${requests.length} open change requests`} for{" "}
          {env.name}.
        </strong>
        <ul class="plain-list open-requests">
          {requests.map((cr) => {
            const turns = proposed(cr, env);
            return (
              <li key={cr.id}>
                <Link href={crUrl(base, cr.id)}>{cr.title}</Link>{" "}
                <span class="small">
                  by {cr.author.label},{" "}
                  <time dateTime={cr.createdAt} title={dateTime(cr.createdAt)}>
                    {ago(cr.createdAt)}
                  </time>
                  {turns && `; turns it ${turns}`}
                </span>
              </li>
            );
          })}
        </ul>
        <span class="small">
          Review {one ? "it" : "them"}{" "}
          there, or submit another: it opens a separate change request that needs its own approval.
        </span>
      </div>
    </Notice>
  );
}
