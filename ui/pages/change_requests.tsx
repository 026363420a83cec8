// A project's change requests (docs/safe_changes.md): open ones, those waiting for my review,
// and closed ones; plus the sidebar's count of requests waiting for my review.
import { useEffect, useState } from "preact/hooks";
import { AsyncTable } from "../components/async_table.tsx";
import {
  Badge,
  EmptyState,
  Link,
  Notice,
  onTablistKeyDown,
  PageHeader,
} from "../components/ui.tsx";
import { changeRequests } from "../lib/endpoints.ts";
import { ago } from "../lib/format.ts";
import { setQuery, useLocation } from "../lib/router.ts";
import type { ChangeRequest, Environment } from "../lib/types.ts";
import { useData, useInterval } from "../lib/use_data.ts";
import { useProject } from "./project_context.ts";

export const CR_TONES = {
  open: "accent",
  applied: "good",
  rejected: "bad",
  withdrawn: "neutral",
  superseded: "neutral",
} as const;

const SHOWS = [
  ["open", "Open"],
  ["mine", "Waiting for my review"],
  ["closed", "Closed"],
] as const;

/** Told by the detail page after a review, so the sidebar's count follows at once. */
const CHANGED = "dialtone:change-requests";
export const announceReview = () => dispatchEvent(new Event(CHANGED));

/** Open requests waiting for my review: on each navigation, every 30 s, and after a review. */
export function useWaitingCount(projectId: string): number {
  const { path } = useLocation();
  const [count, setCount] = useState(0);
  const load = () =>
    void changeRequests.list(projectId, { waitingForMe: true })
      .then((list) => setCount(list.length), () => {});
  useEffect(load, [projectId, path]);
  useEffect(() => {
    addEventListener(CHANGED, load);
    return () => removeEventListener(CHANGED, load);
  }, [projectId]);
  useInterval(load, 30_000);
  return count;
}

export const envNames = (ids: string[], envs: Environment[]) =>
  ids.map((id) => envs.find((e) => e.id === id)?.name ?? "a deleted environment").join(", ");

export const crUrl = (base: string, id: string) =>
  `${base}/change-requests/${encodeURIComponent(id)}`;

export function ChangeRequestsPage() {
  const { project, base, environments } = useProject();
  const { query } = useLocation();
  const asked = query.get("show");
  const show = SHOWS.some(([id]) => id === asked) ? asked! : "open";
  const list = useData(async () => {
    if (show === "mine") return await changeRequests.list(project.id, { waitingForMe: true });
    if (show === "open") return await changeRequests.list(project.id, { status: "open" });
    return (await changeRequests.list(project.id, {})).filter((c) => c.status !== "open");
  }, [project.id, show]);
  useInterval(() => void list.reload(), 30_000);
  return (
    <>
      <PageHeader
        title="Change requests"
        subtitle="Edits of environments that require approval wait here for review. Turn approval on per environment in Project settings."
      />
      <div class="tabs" role="tablist" aria-label="Which requests" onKeyDown={onTablistKeyDown}>
        {SHOWS.map(([id, label]) => (
          <a
            key={id}
            role="tab"
            href={`?show=${id}`}
            aria-selected={show === id}
            tabIndex={show === id ? 0 : -1}
            class={`tab ${show === id ? "active" : ""}`}
            onClick={(e) => {
              e.preventDefault();
              setQuery({ show: id === "open" ? null : id });
            }}
          >
            {label}
          </a>
        ))}
      </div>
      <AsyncTable
        class="cr-table"
        data={list}
        errorTitle="Cannot load the change requests."
        empty={
          <EmptyState title="No change requests" icon="history">
            {show === "mine"
              ? "Nothing is waiting for your review."
              : show === "open"
              ? "Saving a config in an environment that requires approval opens one."
              : "None was applied, rejected or withdrawn yet."}
          </EmptyState>
        }
        head={
          <>
            <th scope="col">Change request</th>
            <th scope="col">Config</th>
            <th scope="col" class="cr-wide">Environments</th>
            <th scope="col" class="cr-wide">Author</th>
            <th scope="col">Status</th>
          </>
        }
        row={(c) => <Row key={c.id} cr={c} base={base} environments={environments} />}
      />
    </>
  );
}

function Row(
  { cr, base, environments }: { cr: ChangeRequest; base: string; environments: Environment[] },
) {
  const { requiredApprovals } = cr.requirement;
  return (
    <tr data-testid="change-request">
      <td>
        <Link href={crUrl(base, cr.id)}>{cr.title}</Link>
        <div class="muted small">
          opened <time dateTime={cr.createdAt}>{ago(cr.createdAt)}</time>
          <span class="cr-narrow">
            {` by ${cr.author.label} in ${envNames(cr.environmentIds, environments)}`}
          </span>
        </div>
      </td>
      <td>
        <Link href={`${base}/configs/${encodeURIComponent(cr.configName)}`} class="mono">
          {cr.configName}
        </Link>
      </td>
      <td class="cr-wide">
        {envNames(cr.environmentIds, environments) || <span class="muted">none</span>}
      </td>
      <td class="cr-wide">{cr.author.label}</td>
      <td>
        <Badge tone={CR_TONES[cr.status]}>{cr.status}</Badge>
        {cr.status === "open" && cr.stale && <Badge tone="warn">stale</Badge>}
        {cr.status === "open" && (
          <div class="muted small">
            {cr.approvedBy.length} of {requiredApprovals} approval{requiredApprovals > 1 ? "s" : ""}
            {cr.changesRequestedBy.length > 0 && " · changes requested"}
          </div>
        )}
      </td>
    </tr>
  );
}

/** On the config page after a save that an environment's approval rule turned into a request. */
export function SubmittedNotice({ id }: { id: string }) {
  const { base } = useProject();
  const href = id ? crUrl(base, id) : `${base}/change-requests`;
  return (
    <Notice kind="success">
      <strong>Submitted for review.</strong>{" "}
      The config is unchanged until reviewers approve your edit.{" "}
      <Link href={href}>{id ? "Open the change request" : "See the change requests"}</Link>
    </Notice>
  );
}
