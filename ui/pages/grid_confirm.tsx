// The grid's switch on an environment with an approval rule: a direct save there would only
// open a change request, so the switch asks first and then uses the kill switch (which skips
// approvals, serves the value with that environment's overrides suspended, and needs a reason).
import { useState } from "preact/hooks";
import { Dialog } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import { Button, ErrorBox, Field, Notice } from "../components/ui.tsx";
import { effective } from "../lib/config_model.ts";
import { killSwitches } from "../lib/endpoints.ts";
import { plural } from "../lib/format.ts";
import type { ApprovalRule, ConfigDetail, Environment, KillSwitch } from "../lib/types.ts";
import { useSubmit } from "../lib/use_submit.ts";

export function ProtectedToggleDialog(
  { projectId, config, env, rule, next, kills, environments, onClose, onDone }: {
    projectId: string;
    config: ConfigDetail;
    env: Environment;
    rule: ApprovalRule;
    next: boolean;
    /** Kill switches in force in the project. */
    kills: KillSwitch[];
    environments: Environment[];
    onClose: () => void;
    onDone: () => void;
  },
) {
  const [reason, setReason] = useState("");
  const rules = effective(config, env.id).body.overrides.length;
  const active = kills.find((k) => k.configName === config.name);
  const activeWhere = active &&
    (active.environmentId === null
      ? "every environment"
      : environments.find((e) => e.id === active.environmentId)?.name ?? "another environment");
  const submit = useSubmit(async () => {
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
  const verb = next ? "on" : "off";
  return (
    <Dialog
      title={`Turn ${config.name} ${verb} in ${env.name}?`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="danger"
            busy={submit.busy}
            disabled={reason.trim() === "" || !!active}
            onClick={() => submit.run()}
          >
            Turn {verb} now
          </Button>
        </>
      }
    >
      <div class="stack">
        <p>
          {env.name} is protected: its changes need{" "}
          {plural(rule.requiredApprovals, "approval")}. This switch skips that review by using the
          kill switch: every client in {env.name} gets <code>{String(next)}</code> at once
          {rules > 0 ? `, with its ${plural(rules, "override")} suspended` : ""}. Undo it from the
          config page.
        </p>
        {active && (
          <Notice kind="warn">
            A kill switch is already in force for {config.name} in{" "}
            {activeWhere}; undo it on the config page first.
          </Notice>
        )}
        <Field label="Reason" hint="Required: it goes into the audit log and the config's banner.">
          {(id, describedBy) => (
            <textarea
              id={id}
              rows={2}
              required
              aria-describedby={describedBy}
              value={reason}
              onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
            />
          )}
        </Field>
        <ErrorBox error={submit.error} title="Not switched." />
      </div>
    </Dialog>
  );
}
