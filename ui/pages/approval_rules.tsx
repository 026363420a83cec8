// Project settings: per environment, whether edits need approval, how many approvals, from
// whom (lowest role, optionally only the config's own editors and maintainers).
import { useState } from "preact/hooks";
import { toast } from "../components/toast.tsx";
import { Button, ErrorBox, Field } from "../components/ui.tsx";
import { approvalRules, type RuleWrite } from "../lib/endpoints.ts";
import type { ApprovalRule, Environment } from "../lib/types.ts";
import { useData } from "../lib/use_data.ts";
import { useSubmit } from "../lib/use_submit.ts";
import { useProject } from "./project_context.ts";
import { APPROVER_RANKS } from "../../src/domain/permissions.ts";

const DEFAULT: RuleWrite = {
  requiredApprovals: 1,
  minRole: "config editor",
  configMembersOnly: false,
};

export function ApprovalRules({ may }: { may: boolean }) {
  const { project, environments } = useProject();
  const rules = useData(() => approvalRules.list(project.id), [project.id]);
  return (
    <section class="card stack" aria-labelledby="approval-title">
      <h3 id="approval-title">Change approval</h3>
      <p class="muted small">
        In an environment that requires approval, an edit of what it serves becomes a change
        request; it is applied when enough reviewers approve it. The author never approves their
        own.
        {!may && " Only project admins change these rules."}
      </p>
      <ErrorBox error={rules.error} title="Cannot load the approval rules." />
      {rules.data && environments.map((env) => (
        <EnvRule
          key={`${env.id}-${rules.data!.find((r) => r.environmentId === env.id)?.updatedAt}`}
          env={env}
          rule={rules.data!.find((r) => r.environmentId === env.id) ?? null}
          may={may}
          onSaved={() => void rules.reload()}
        />
      ))}
    </section>
  );
}

function EnvRule(
  { env, rule, may, onSaved }: {
    env: Environment;
    rule: ApprovalRule | null;
    may: boolean;
    onSaved: () => void;
  },
) {
  const [on, setOn] = useState(rule !== null);
  const [form, setForm] = useState<RuleWrite>(rule ?? DEFAULT);
  const { project } = useProject();
  const changed = on !== (rule !== null) ||
    (on && rule !== null && (form.requiredApprovals !== rule.requiredApprovals ||
      form.minRole !== rule.minRole || form.configMembersOnly !== rule.configMembersOnly));
  const save = useSubmit(async () => {
    if (on) await approvalRules.set(project.id, env.id, form);
    else await approvalRules.remove(project.id, env.id);
    toast(on ? `${env.name} requires approval` : `${env.name} no longer requires approval`);
    onSaved();
  });
  const set = (patch: Partial<RuleWrite>) => setForm((f) => ({ ...f, ...patch }));
  return (
    <form
      class="stack approval-rule"
      onSubmit={save.onSubmit}
      aria-label={`Approval in ${env.name}`}
    >
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          checked={on}
          disabled={!may}
          onChange={(e) => setOn((e.target as HTMLInputElement).checked)}
        />
        <span>
          <strong>{env.name}</strong>: {on ? "requires approval" : "edits apply at once"}
        </span>
      </label>
      {on && (
        <div class="inline-form">
          <Field label="Approvals needed">
            {(id) => (
              <input
                id={id}
                type="number"
                min={1}
                max={10}
                disabled={!may}
                value={form.requiredApprovals}
                onInput={(e) => {
                  const n = Number((e.target as HTMLInputElement).value);
                  if (Number.isInteger(n)) set({ requiredApprovals: Math.min(10, Math.max(1, n)) });
                }}
              />
            )}
          </Field>
          <Field label="From at least">
            {(id) => (
              <select
                id={id}
                disabled={!may}
                value={form.minRole}
                onChange={(e) =>
                  set({ minRole: (e.target as HTMLSelectElement).value as RuleWrite["minRole"] })}
              >
                {APPROVER_RANKS.map((r) => <option key={r} value={r}>{r}</option>)}
              </select>
            )}
          </Field>
          <label class="check">
            <input
              type="checkbox"
              disabled={!may}
              checked={form.configMembersOnly}
              onChange={(e) => set({ configMembersOnly: (e.target as HTMLInputElement).checked })}
            />
            Only the config's own editors and maintainers
          </label>
        </div>
      )}
      {may && changed && (
        <div class="row">
          <Button type="submit" variant="primary" small busy={save.busy}>
            Save {env.name}
          </Button>
        </div>
      )}
      <ErrorBox error={save.error} title="Not saved." />
    </form>
  );
}
