// One change request: what it changes (a diff of the state it was based on and the proposed
// one), where it stands against its environments' rule, the discussion, and the actions the
// caller may take (review, comment, withdraw, rebase when stale).
import { useState } from "preact/hooks";
import { DiffView } from "../components/diff_view.tsx";
import { isMissing, NotFound } from "../components/not_found.tsx";
import { toast } from "../components/toast.tsx";
import {
  Badge,
  Button,
  ErrorBox,
  Link,
  Loading,
  NameList,
  Notice,
  PageHeader,
  TextAreaField,
} from "../components/ui.tsx";
import { changeRequests, projects, type Review } from "../lib/endpoints.ts";
import { ago, dateTime, plural, pretty } from "../lib/format.ts";
import { navigate, useLocation } from "../lib/router.ts";
import type { ChangeRequest, ChangeRequestState, Environment } from "../lib/types.ts";
import { useData, useInterval } from "../lib/use_data.ts";
import { useSubmit } from "../lib/use_submit.ts";
import { announceReview, CR_TONES, crUrl, envNames } from "./change_requests.tsx";
import { useProject } from "./project_context.ts";

/** The state with environment names instead of ids, so the diff reads as the editor does. */
const readable = (s: ChangeRequestState, envs: Environment[]) =>
  pretty({
    description: s.description,
    base: s.base,
    variants: s.variants.map(({ environmentId, ...v }) => ({
      environment: envNames([environmentId], envs),
      ...v,
    })),
    members: s.members,
  });

const VERBS: Record<string, string> = {
  comment: "commented",
  approve: "approved",
  request_changes: "requested changes",
  reject: "rejected",
  withdraw: "withdrew it",
  apply: "applied it as",
  rebase: "rebased it as a new request",
};

const roleWords = (role: string) => `${role === "viewer" ? "viewer" : role}s`;

/** "1 of 2 approvals from config editors or higher". */
export function requirementText(cr: ChangeRequest): string {
  const r = cr.requirement;
  const members = r.configMembersOnly ? ", named on the config" : "";
  return `${cr.approvedBy.length} of ${plural(r.requiredApprovals, "approval")} from ${
    roleWords(r.minRole)
  } or higher${members}`;
}

/** The server's reason in the reader's terms. */
const refusalText = (cr: ChangeRequest) =>
  cr.isAuthor
    ? "You wrote this change, so someone else must review it."
    : `You cannot review it: ${cr.reviewRefusal}.`;

export function ChangeRequestPage({ id }: { id: string }) {
  const { project, base, environments } = useProject();
  const { query } = useLocation();
  const cr = useData(() => changeRequests.get(project.id, id), [project.id, id]);
  const perms = useData(() => projects.permissions(project.id), [project.id]);
  useInterval(() => void cr.reload(), 10_000, cr.data?.status === "open");
  const [comment, setComment] = useState("");
  const [review, setReview] = useState("");
  const adopt = (next: ChangeRequest, message: string) => {
    cr.setData(next);
    announceReview();
    toast(message);
  };
  const post = useSubmit(async () => {
    adopt(await changeRequests.comment(project.id, id, comment.trim()), "Comment added");
    setComment("");
  });
  const act = useSubmit(async (verb: Review) => {
    const next = await changeRequests.act(project.id, id, verb, review.trim());
    setReview("");
    adopt(
      next,
      next.status === "applied" ? `Applied as version ${next.appliedVersion}` : `Change request ${
        {
          approve: "approved",
          "request-changes": "sent back",
          reject: "rejected",
          withdraw: "withdrawn",
        }[verb]
      }`,
    );
  });
  const rebase = useSubmit(async () => {
    const made = await changeRequests.rebase(project.id, id);
    announceReview();
    toast("Rebased as a new change request");
    const conflicts = made.conflicts.length > 0
      ? `?conflicts=${encodeURIComponent(made.conflicts.join("\n"))}`
      : "";
    navigate(crUrl(base, made.changeRequest.id) + conflicts);
  });

  if (cr.error && !cr.data && isMissing(cr.error)) {
    return (
      <NotFound back={`${base}/change-requests`} backLabel="Back to the change requests">
        There is no change request at this address in this project.
      </NotFound>
    );
  }
  if (!cr.data) return cr.error ? <ErrorBox error={cr.error} /> : <Loading />;
  const c = cr.data;
  const open = c.status === "open";
  const configUrl = `${base}/configs/${encodeURIComponent(c.configName)}`;
  const mayWithdraw = c.isAuthor || perms.data?.actions["approval.write"] === true;
  const conflicts = query.get("conflicts")?.split("\n").filter(Boolean) ?? [];
  const canReview = c.reviewRefusal === null;
  return (
    <div class="stack">
      <nav class="crumbs" aria-label="Breadcrumb">
        <Link href={`${base}/change-requests`}>Change requests</Link>{" "}
        <span aria-hidden="true">/</span> <span>{c.title}</span>
      </nav>
      <PageHeader
        title={c.title}
        subtitle={
          <>
            <Link href={configUrl} class="mono">{c.configName}</Link> in{" "}
            {envNames(c.environmentIds, environments) || "no protected environment"} · opened by
            {" "}
            {c.author.label} <time dateTime={c.createdAt}>{ago(c.createdAt)}</time>
          </>
        }
      />
      <div class="row">
        <Badge tone={CR_TONES[c.status]}>{c.status}</Badge>
        {open && c.stale && <Badge tone="warn">stale</Badge>}
        <span data-testid="requirement">{requirementText(c)}</span>
      </div>
      {c.approvedBy.length > 0 && (
        <p class="small">
          Approved by <NameList names={c.approvedBy} />
        </p>
      )}
      {c.changesRequestedBy.length > 0 && (
        <p class="small">
          Changes requested by{" "}
          <NameList names={c.changesRequestedBy} />: it waits for them to approve.
        </p>
      )}
      {c.description && <p class="cr-text">{c.description}</p>}
      {c.status === "applied" && (
        <Notice kind="success">
          Applied as version {c.appliedVersion} {c.closedAt && `on ${dateTime(c.closedAt)}`}.{" "}
          <Link href={`${configUrl}/history`}>See the config's history</Link>
        </Notice>
      )}
      {c.status === "superseded" && c.supersededBy && (
        <Notice>
          Rebased: <Link href={crUrl(base, c.supersededBy)}>the new change request</Link>{" "}
          carries this change on.
        </Notice>
      )}
      {(c.status === "rejected" || c.status === "withdrawn") && (
        <Notice>
          {c.status === "rejected" ? "Rejected" : "Withdrawn"} by {c.closedBy}
          {c.closedAt && ` on ${dateTime(c.closedAt)}`}. The config was not changed.
        </Notice>
      )}
      {conflicts.length > 0 && (
        <Notice kind="warn">
          Both this change and the config changed these parts since; this request keeps its own
          values for them, check them: <NameList names={conflicts} />
        </Notice>
      )}
      {open && c.stale && (
        <div class="alert alert-warn" role="alert">
          <strong>The config moved on.</strong> {c.currentVersion === null
            ? "It was deleted, so this change cannot be applied."
            : `This change is based on version ${c.baseVersion}; the config is at version ${c.currentVersion}. Rebase it onto the current version to apply it.`}
          {c.currentVersion !== null && (
            <div class="alert-actions">
              <Button
                small
                busy={rebase.busy}
                onClick={() => void rebase.run()}
              >
                Rebase onto version {c.currentVersion}
              </Button>
            </div>
          )}
          <ErrorBox error={rebase.error} title="Not rebased." />
        </div>
      )}
      <section class="card">
        <h2>Changes</h2>
        <DiffView
          before={readable(c.baseState, environments)}
          after={readable(c.state, environments)}
          leftTitle={`Version ${c.baseVersion}`}
          rightTitle="Proposed"
          label="Proposed changes"
        />
      </section>
      {open && (
        <section class="card stack" aria-label="Review">
          <h2>Review</h2>
          {!canReview && <p class="muted" data-testid="review-refusal">{refusalText(c)}</p>}
          <TextAreaField label="Review comment (optional)" value={review} onValue={setReview} />
          <div class="row">
            <Button
              variant="primary"
              disabled={!canReview}
              title={canReview ? undefined : refusalText(c)}
              busy={act.busy}
              onClick={() => void act.run("approve")}
            >
              Approve
            </Button>
            <Button
              disabled={!canReview}
              title={canReview ? undefined : refusalText(c)}
              onClick={() => void act.run("request-changes")}
            >
              Request changes
            </Button>
            <Button
              variant="danger"
              disabled={!canReview}
              title={canReview ? undefined : refusalText(c)}
              onClick={() => void act.run("reject")}
            >
              Reject
            </Button>
            {mayWithdraw && (
              <Button variant="ghost" onClick={() => void act.run("withdraw")}>Withdraw</Button>
            )}
          </div>
          <ErrorBox error={act.error} title="Not done." />
        </section>
      )}
      <section class="card stack" aria-label="Discussion">
        <h2>Discussion</h2>
        {c.events.length === 0 && <p class="muted">No comments or reviews yet.</p>}
        <ol class="plain-list stack">
          {c.events.map((e, i) => (
            <li key={i} data-testid="cr-event">
              <strong>{e.actor.label}</strong> {VERBS[e.kind] ?? e.kind}
              {e.kind === "apply" && ` ${e.body}`}{" "}
              <time class="muted small" dateTime={e.createdAt}>{ago(e.createdAt)}</time>
              {e.body && e.kind !== "rebase" && e.kind !== "apply" && (
                <p class="cr-text">{e.body}</p>
              )}
              {e.kind === "rebase" && (
                <div>
                  <Link href={crUrl(base, e.body)}>Open the new request</Link>
                </div>
              )}
            </li>
          ))}
        </ol>
        <form class="stack" onSubmit={post.onSubmit}>
          <TextAreaField label="Comment" rows={3} value={comment} onValue={setComment} />
          <div class="row">
            <Button type="submit" busy={post.busy} disabled={comment.trim() === ""}>
              Add comment
            </Button>
          </div>
          <ErrorBox error={post.error} title="Not added." />
        </form>
      </section>
    </div>
  );
}
