// The override tester: a context in, the value and the override that matched out, with the
// server's trace of every condition (POST …/configs/{name}/evaluate).
import { useState } from "preact/hooks";
import { JsonEditor } from "../components/json_editor.tsx";
import { Badge, Button, ErrorBox, Notice } from "../components/ui.tsx";
import { configs } from "../lib/endpoints.ts";
import { pretty, preview } from "../lib/format.ts";
import { OPERATOR_LABELS } from "../lib/conditions.ts";
import type { ConditionTrace, ConfigDetail, Environment, Evaluation, Json } from "../lib/types.ts";
import { useProject } from "./project_context.ts";

const TONE = { matched: "good", not_matched: "neutral", unknown: "warn" } as const;

export function OverrideTester(
  { config, environments, dirty }: {
    config: ConfigDetail;
    environments: Environment[];
    dirty: boolean;
  },
) {
  const { project, envId: chosen } = useProject();
  const [envId, setEnvId] = useState(chosen ?? environments[0]?.id ?? "");
  const [context, setContext] = useState<Json | undefined>({ userId: "user-123" });
  const [result, setResult] = useState<Evaluation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run = async (e: Event) => {
    e.preventDefault();
    if (context === undefined) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await configs.evaluate(project.id, config.name, envId, context));
    } catch (err) {
      setError(err);
      setResult(null);
    } finally {
      setBusy(false);
    }
  };
  const matched = result && result.matchedOverride !== null
    ? result.trace.find((t) => t.index === result.matchedOverride)
    : null;
  return (
    <form class="tester" onSubmit={run}>
      {dirty && (
        <Notice kind="warn">
          The tester evaluates the saved version {config.version}; save your changes to test them.
        </Notice>
      )}
      <div class="tester-grid">
        <div class="stack">
          <label class="field">
            <span class="label">Environment</span>
            <select value={envId} onChange={(e) => setEnvId((e.target as HTMLSelectElement).value)}>
              {environments.map((env) => <option key={env.id} value={env.id}>{env.name}</option>)}
            </select>
          </label>
          <div class="field">
            <span class="label">Context</span>
            <JsonEditor
              label="Context (JSON object)"
              value={{ userId: "user-123" }}
              rows={8}
              onChange={(v) => setContext(v)}
            />
            <p class="muted small">
              The properties your app passes to the SDK, such as userId, email or plan.
            </p>
          </div>
          <Button
            type="submit"
            variant="primary"
            icon="play"
            busy={busy}
            disabled={context === undefined}
          >
            Evaluate
          </Button>
        </div>
        <div class="stack" aria-live="polite">
          <ErrorBox error={error} />
          {!result && !error && (
            <p class="muted">
              Enter a context and press Evaluate to see which value this environment serves for it.
            </p>
          )}
          {result && (
            <>
              <div class="card result">
                <div class="small muted">Value</div>
                <pre class="code-block">{pretty(result.value)}</pre>
                <div>
                  {matched
                    ? (
                      <>
                        Matched override <strong>#{matched.index + 1} “{matched.override}”</strong>
                      </>
                    )
                    : "No override matched: the environment's value applies."}
                </div>
                {result.explanation && (
                  <ul class="explanation" aria-label="Why">
                    {result.explanation.map((line, i) => <li key={i}>{line}</li>)}
                  </ul>
                )}
                {result.error && (
                  <Notice kind="warn">
                    Evaluation failed ({result.error}); the value is the default, as in the SDK.
                  </Notice>
                )}
              </div>
              <ol class="trace">
                {result.trace.map((t) => (
                  <li key={t.index}>
                    <div>
                      <Badge tone={TONE[t.result]}>{t.result.replace("_", " ")}</Badge> {t.variant
                        ? `${t.rule} → variant ${t.variant}`
                        : `#${t.index + 1} ${t.override}`}
                    </div>
                    <ul>{t.conditions.map((c, i) => <TraceLine key={i} c={c} />)}</ul>
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
      </div>
    </form>
  );
}

function TraceLine({ c }: { c: ConditionTrace & { source?: string } }) {
  const badge = <Badge tone={TONE[c.result]}>{c.result.replace("_", " ")}</Badge>;
  // A node compiled from a segment, prerequisite, slice or variant range: say that, not how.
  if (c.source) {
    return (
      <li>
        {badge} {c.source}
      </li>
    );
  }
  if (c.operator === "and" || c.operator === "or") {
    return (
      <li>
        {badge} {OPERATOR_LABELS[c.operator]}
        <ul>{c.conditions.map((x, i) => <TraceLine key={i} c={x} />)}</ul>
      </li>
    );
  }
  if (c.operator === "not") {
    return (
      <li>
        {badge} not<ul>
          <TraceLine c={c.condition} />
        </ul>
      </li>
    );
  }
  if (c.operator === "segmentation") {
    return (
      <li>
        {badge} {c.fromPercentage}–{c.toPercentage}% of <code>{c.property}</code>
        <span class="muted">
          {c.bucket === undefined
            ? " (not in the context)"
            : ` (${preview(c.actual)} falls at ${c.bucket.toFixed(2)}%)`}
        </span>
      </li>
    );
  }
  const t = c as Record<string, unknown>;
  return (
    <li>
      {badge} <code>{String(t.property)}</code> {OPERATOR_LABELS[c.operator]}{" "}
      {"expected" in t ? <code>{preview(t.expected)}</code> : null}
      {"actual" in t
        ? <span class="muted">(context: {preview(t.actual)})</span>
        : <span class="muted">(not in the context)</span>}
      {t.note ? <span class="muted">{String(t.note)}</span> : null}
    </li>
  );
}
