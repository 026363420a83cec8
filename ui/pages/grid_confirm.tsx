// The grid's switch on an environment with an approval rule: a direct save there only opens a
// change request, so the switch asks first. Either it submits the new value for review (the
// config is unchanged until approved), or it uses the kill switch, which skips approvals, serves
// the value with that environment's overrides suspended, and needs a reason. Open change requests
// already changing that environment are named first (grid_open_requests.tsx).
import { useState } from "preact/hooks";
import { Dialog } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import { Button, ErrorBox, Notice, TextAreaField } from "../components/ui.tsx";
import { effective } from "../lib/config_model.ts";
import { killSwitches } from "../lib/endpoints.ts";
import { plural } from "../lib/format.ts";
import type { ApprovalRule, ConfigDetail, Environment, KillSwitch } from "../lib/types.ts";
import { useSubmit } from "../lib/use_submit.ts";
import { SubmittedNotice } from "./change_requests.tsx";
import { OpenRequestsNotice, useOpenRequests } from "./grid_open_requests.tsx";

export function ProtectedToggleDialog(
  { projectId, config, env, rule, next, kills, environments, propose, onClose, onDone }: {
    projectId: string;
    config: ConfigDetail;
    env: Environment;
    rule: ApprovalRule;
    next: boolean;
    /** Kill switches in force in the project. */
    kills: KillSwitch[];
    environments: Environment[];
    /** Opens a change request for the new value, described by `comment`: its id. */
    propose: (comment: string) => Promise<string>;
    onClose: () => void;
    onDone: () => void;
  },
) {
  const [reason, setReason] = useState("");
  /** The change request the value went into. */
  const [submitted, setSubmitted] = useState<string | null>(null);
  const rules = effective(config, env.id).body.overrides.length;
  const open = useOpenRequests(projectId, config.name, env.id) ?? [];
  const another = open.length > 0;
  const active = kills.find((k) => k.configName === config.name);
  const activeWhere = active &&
    (active.environmentId === null
      ? "every environment"
      : environments.find((e) => e.id === active.environmentId)?.name ?? "another environment");
  const kill = useSubmit(async () => {
    review.setError(null);
    const { config: saved } = await killSwitches.kill(projectId, config.name, {
      value: next,
      environmentId: env.id,
      reason: reason.trim(),
    });
    toast(
      `${config.name} ${
        next ? "on" : "off"
      } in ${env.name} (kill switch): version ${saved.version}`,
    );
    onClose();
    onDone();
  });
  const review = useSubmit(async () => {
    kill.setError(null);
    setSubmitted(await propose(reason.trim()));
    toast("Submitted for review");
    onDone();
  });
  const verb = next ? "on" : "off";
  if (submitted !== null) {
    return (
      <Dialog
        title={`Turn ${config.name} ${verb} in ${env.name}?`}
        onClose={onClose}
        footer={<Button onClick={onClose}>Close</Button>}
      >
        <SubmittedNotice id={submitted} />
      </Dialog>
    );
  }
  return (
    <Dialog
      title={`Turn ${config.name} ${verb} in ${env.name}?`}
      onClose={onClose}
      footer={
        <div class="confirm-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="danger"
            busy={kill.busy}
            disabled={reason.trim() === "" || !!active || review.busy}
            title={reason.trim() === "" ? "The kill switch needs a reason" : undefined}
            onClick={() => kill.run()}
          >
            Turn {verb} now
          </Button>
          <Button
            variant="primary"
            busy={review.busy}
            disabled={kill.busy}
            onClick={() => review.run()}
          >
            {another ? "Submit another for review" : "Submit for review"}
          </Button>
        </div>
      }
    >
      <div class="stack">
        <p>
          {env.name} is protected: its changes need {plural(rule.requiredApprovals, "approval")}.
        </p>
        {another && <OpenRequestsNotice requests={open} env={env} configName={config.name} />}
        <ul class="choice-list">
          <li>
            <strong>{another ? "Submit another for review" : "Submit for review"}</strong> opens
            {another ? " a new, separate" : " a"} change request that sets {env.name}'s value to
            {" "}
            <code>{String(next)}</code>; nothing changes until it is approved.
          </li>
          <li>
            <strong>Turn {verb} now</strong> skips the review with the kill switch: every client in
            {" "}
            {env.name} gets <code>{String(next)}</code> at once
            {rules > 0 ? `, with its ${plural(rules, "override")} suspended` : ""}. Undo it on the
            config page.
          </li>
        </ul>
        {active && (
          <Notice kind="warn">
            A kill switch is already in force for {config.name} in{" "}
            {activeWhere}; undo it on the config page before turning it {verb} now.
          </Notice>
        )}
        <TextAreaField
          label="Reason"
          hint={`Required to turn it ${verb} now (it goes into the audit log and the config's banner); for a review, the change request's comment.`}
          value={reason}
          onValue={setReason}
        />
        <ErrorBox error={kill.error} title="Not switched." />
        <ErrorBox error={review.error} title="Not submitted." />
      </div>
    </Dialog>
  );
}
