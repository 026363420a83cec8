// Which body is being edited: the base, or one environment's own value. Also the helpers
// that read and replace that body in the draft.
import { Button } from "../components/ui.tsx";
import type { Scope } from "../lib/config_model.ts";
import type { ConfigBody, ConfigWrite, Environment, Variant } from "../lib/types.ts";
import type { EditorProps } from "./editor_props.ts";
import { useProject } from "./project_context.ts";

export function bodyOf(draft: ConfigWrite, scope: Scope): ConfigBody | Variant | undefined {
  return scope === "base" ? draft.base : draft.variants.find((v) => v.environmentId === scope);
}

export function withBody(draft: ConfigWrite, scope: Scope, body: ConfigBody): ConfigWrite {
  if (scope === "base") return { ...draft, base: { ...draft.base, ...body } };
  return {
    ...draft,
    variants: draft.variants.map((v) => (v.environmentId === scope ? { ...v, ...body } : v)),
  };
}

/** Gives `envId` its own value: a copy of the base's, with its overrides unless `valueOnly`. */
export function addVariant(draft: ConfigWrite, envId: string, valueOnly = false): ConfigWrite {
  const copy = structuredClone(draft.base);
  return {
    ...draft,
    variants: [...draft.variants, {
      environmentId: envId,
      value: copy.value,
      schema: null,
      overrides: valueOnly ? [] : copy.overrides,
      useBaseSchema: true,
    }],
  };
}

/** Whether `envId` has its own value or overrides, and they are not the base's. */
export function differsFromBase(draft: ConfigWrite, envId: string): boolean {
  const v = draft.variants.find((x) => x.environmentId === envId);
  return !!v && JSON.stringify([v.value, v.overrides]) !==
      JSON.stringify([draft.base.value, draft.base.overrides]);
}

export function removeVariant(draft: ConfigWrite, envId: string): ConfigWrite {
  return { ...draft, variants: draft.variants.filter((v) => v.environmentId !== envId) };
}

export function envName(environments: Environment[], id: string): string {
  return environments.find((e) => e.id === id)?.name ?? "an environment that no longer exists";
}

export function ScopeBar(
  { draft, scope, setScope }: Pick<EditorProps, "draft" | "scope" | "setScope">,
) {
  const { environments } = useProject();
  const has = (id: string) => draft.variants.some((v) => v.environmentId === id);
  return (
    <div class="scopebar" role="group" aria-label="Edit the value for">
      <span class="muted small">Editing</span>
      <button
        type="button"
        class={`seg ${scope === "base" ? "active" : ""}`}
        aria-pressed={scope === "base"}
        onClick={() => setScope("base")}
      >
        Base
      </button>
      {environments.map((env) => (
        <button
          key={env.id}
          type="button"
          class={`seg ${scope === env.id ? "active" : ""}`}
          aria-pressed={scope === env.id}
          onClick={() => setScope(env.id)}
          title={differsFromBase(draft, env.id)
            ? `${env.name} has its own value, which differs from the base`
            : has(env.id)
            ? `${env.name} has its own value, the same as the base`
            : `${env.name} uses the base value`}
        >
          {env.name}
          {has(env.id) && <span class="dot" aria-label="(own value)" />}
          {differsFromBase(draft, env.id) && (
            <span class="diverged" aria-label="(differs from base)">≠</span>
          )}
        </button>
      ))}
    </div>
  );
}

/** Shown instead of an editor when an environment has no value of its own. */
export function UsesBase(
  { envId, setDraft, what }: { envId: string; setDraft: EditorProps["setDraft"]; what: string },
) {
  const { environments } = useProject();
  const name = envName(environments, envId);
  return (
    <div class="card inherit">
      <p>
        <strong>{name}</strong> uses the base{" "}
        {what}. Give it its own to make it differ: a copy of the base value with its overrides
        (rules), or the value alone with no overrides.
      </p>
      <div class="row">
        <Button variant="primary" icon="plus" onClick={() => setDraft((d) => addVariant(d, envId))}>
          Copy value and rules to {name}
        </Button>
        <Button icon="plus" onClick={() => setDraft((d) => addVariant(d, envId, true))}>
          Copy the value only
        </Button>
      </div>
    </div>
  );
}
