// The kill switch of one config (docs/safe_changes.md): a danger action that serves a safe
// value with the overrides suspended, in one environment or all, with a mandatory reason; the
// banner of the one in force says who, when and why, and undoes it.
import { useState } from "preact/hooks";
import { ConfirmButton, Dialog } from "../components/dialog.tsx";
import { toast } from "../components/toast.tsx";
import { Badge, Button, ErrorBox, Field, TextAreaField } from "../components/ui.tsx";
import { effective, kindOf } from "../lib/config_model.ts";
import { killSwitches } from "../lib/endpoints.ts";
import { ago, dateTime, plural, preview } from "../lib/format.ts";
import type { ConfigDetail, Environment, Json, KillSwitch } from "../lib/types.ts";
import { useData, useInterval } from "../lib/use_data.ts";
import { useSubmit } from "../lib/use_submit.ts";
import { SafeValueInput } from "../components/safe_value_input.tsx";

/** The project's kill switches in force, refreshed every few seconds. */
export function useKillSwitches(projectId: string) {
  const list = useData(() => killSwitches.list(projectId), [projectId]);
  useInterval(() => void list.reload(), 5000);
  return list;
}

const whereOf = (k: KillSwitch, environments: Environment[]) =>
  k.environmentId === null
    ? "every environment"
    : environments.find((e) => e.id === k.environmentId)?.name ?? k.environmentId;

/** A config list badge: this config is switched off. */
export function KilledBadge(
  { killSwitch, environments }: { killSwitch: KillSwitch; environments: Environment[] },
) {
  return (
    <span title={`Kill switch in ${whereOf(killSwitch, environments)}: ${killSwitch.reason}`}>
      <Badge tone="bad">killed</Badge>
    </span>
  );
}

export function KillSwitchBanner(
  { projectId, killSwitch: k, environments, mayUndo, onDone }: {
    projectId: string;
    killSwitch: KillSwitch;
    environments: Environment[];
    mayUndo: boolean;
    onDone: () => void;
  },
) {
  return (
    <div class="alert alert-error" role="alert" data-testid="kill-switch">
      <strong>Kill switch on in {whereOf(k, environments)}.</strong> Every client there gets{" "}
      <code>{preview(k.value, 48)}</code> and its overrides are suspended.
      <div class="small">
        Switched off by {k.createdBy}{" "}
        <time dateTime={k.createdAt} title={dateTime(k.createdAt)}>{ago(k.createdAt)}</time>{" "}
        (version {k.killedVersion}). Reason: “{k.reason}”
      </div>
      <div class="alert-actions">
        <ConfirmButton
          small
          variant="primary"
          disabled={!mayUndo}
          label="Undo kill switch"
          title="Undo the kill switch?"
          message={
            <p>
              Puts back the values and overrides the kill switch replaced. Edits made since to other
              parts of the config stay.
            </p>
          }
          confirmLabel="Undo kill switch"
          action={async () => {
            const { config } = await killSwitches.undo(projectId, k.id);
            toast(`Kill switch undone: version ${config.version}`);
            onDone();
          }}
        />
      </div>
    </div>
  );
}

export function KillSwitchButton(
  { projectId, config, environments, may, onDone }: {
    projectId: string;
    config: ConfigDetail;
    environments: Environment[];
    may: boolean;
    onDone: () => void;
  },
) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="danger"
        icon="warn"
        disabled={!may}
        title={may ? undefined : "The kill switch needs the config maintainer role"}
        onClick={() => setOpen(true)}
      >
        Kill switch…
      </Button>
      {open && (
        <KillDialog
          projectId={projectId}
          config={config}
          environments={environments}
          onClose={() => setOpen(false)}
          onDone={onDone}
        />
      )}
    </>
  );
}

function KillDialog(
  { projectId, config, environments, onClose, onDone }: {
    projectId: string;
    config: ConfigDetail;
    environments: Environment[];
    onClose: () => void;
    onDone: () => void;
  },
) {
  const [envId, setEnvId] = useState("");
  const body = envId ? effective(config, envId).body : config.base;
  const sample = body.value;
  const [value, setValue] = useState<Json | undefined>(
    kindOf(sample) === "boolean" ? false : sample,
  );
  const [reason, setReason] = useState("");
  const where = envId ? environments.find((e) => e.id === envId)?.name : "every environment";
  const overrides = envId
    ? body.overrides.length
    : config.base.overrides.length + config.variants.reduce((n, v) => n + v.overrides.length, 0);
  const submit = useSubmit(async () => {
    if (value === undefined) throw new Error("Enter a safe value first");
    const { config: saved } = await killSwitches.kill(projectId, config.name, {
      value,
      environmentId: envId || null,
      reason: reason.trim(),
    });
    toast(`Switched off ${config.name} in ${where}: version ${saved.version}`);
    onClose();
    onDone();
  });
  return (
    <Dialog
      title={`Kill switch: ${config.name}`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="danger"
            busy={submit.busy}
            disabled={reason.trim() === "" || value === undefined}
            onClick={() => submit.run()}
          >
            Switch off now
          </Button>
        </>
      }
    >
      <div class="stack">
        <p>
          Serves one safe value to every client at once and suspends the overrides, skipping
          approvals. Undo puts back what it replaced.
        </p>
        <Field label="Where">
          {(id) => (
            <select
              id={id}
              value={envId}
              onChange={(e) => {
                const next = (e.target as HTMLSelectElement).value;
                const v = (next ? effective(config, next).body : config.base).value;
                setEnvId(next);
                setValue(kindOf(v) === "boolean" ? false : v);
              }}
            >
              <option value="">Every environment</option>
              {environments.map((e) => <option key={e.id} value={e.id}>{e.name}</option>)}
            </select>
          )}
        </Field>
        <SafeValueInput
          key={envId}
          label="Safe value"
          sample={sample}
          value={value}
          onValue={setValue}
        />
        <TextAreaField
          label="Reason"
          hint="Required: it goes into the audit log and the banner."
          required
          value={reason}
          onValue={setReason}
        />
        <p class="muted small">
          {value === undefined
            ? "Enter a valid safe value."
            : `Every client in ${where} gets ${preview(value, 40)}; ${
              plural(overrides, "override")
            } suspended.`}
        </p>
        <ErrorBox error={submit.error} title="Not switched off." />
      </div>
    </Dialog>
  );
}
