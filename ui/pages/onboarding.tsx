// The project home's first-steps checklist: create a config, create an SDK key, connect an app
// (the snippet names the project's config), then "connected ✓" once a stream is live in the
// environment of one of the project's SDK keys. Hidden for good once done and dismissed; until
// then it can be collapsed to its title and status line (remembered per project), which matters
// on a phone, where the open steps fill most of the Configs page.
import { useState } from "preact/hooks";
import { CopyButton } from "../components/copy_button.tsx";
import type { ComponentChildren } from "preact";
import { Icon } from "../components/icons.tsx";
import { Button, Link } from "../components/ui.tsx";
import { configs, environments as envApi, sdkKeys } from "../lib/endpoints.ts";
import { jsSnippet } from "../lib/sdk_snippet.ts";
import { useData, useInterval } from "../lib/use_data.ts";
import { useProject } from "./project_context.ts";

const hiddenKey = (projectId: string) => `dialtone.onboarding.${projectId}`;
const collapsedKey = (projectId: string) => `dialtone.onboarding.${projectId}.collapsed`;

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string | null) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch { /* not remembered: only this page keeps it */ }
}

export function Onboarding() {
  const { project, base } = useProject();
  const [hidden, setHidden] = useState(() => stored(hiddenKey(project.id)) === "done");
  const [collapsed, setCollapsed] = useState(() => stored(collapsedKey(project.id)) === "yes");
  const state = useData(async () => {
    const [list, keys] = await Promise.all([configs.list(project.id), sdkKeys.list(project.id)]);
    const latest = list.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
    const example = latest ? await configs.get(project.id, latest.name) : null;
    const envIds = [...new Set(keys.map((k) => k.environmentId))];
    const views = await Promise.all(envIds.map((id) => envApi.connections(project.id, id)));
    const live = views.find((v) => v.clients.length > 0) ?? null;
    return { example, keys, live };
  }, [project.id]);
  const s = state.data;
  const done = s ? [s.example !== null, s.keys.length > 0, s.live !== null] : [];
  const complete = done.length === 3 && done.every(Boolean);
  const doneCount = done.filter(Boolean).length;
  useInterval(() => void state.reload(), 4000, !hidden && !complete);
  if (hidden || !s) return null;

  const envId = s.keys[0]?.environmentId ?? "";
  const snippet = s.example ? jsSnippet(location.origin, "<your SDK key>", s.example, envId) : "";
  const step = (i: number, title: string, body: ComponentChildren) => (
    <li class={`check-step ${done[i] ? "done" : ""}`}>
      <span class="check-mark" aria-hidden="true">
        {done[i] ? <Icon name="check" /> : i + 1}
      </span>
      <div>
        <strong>{title}</strong>
        <span class="sr-only">{done[i] ? " (done)" : " (to do)"}</span>
        <div class="small muted">{body}</div>
      </div>
    </li>
  );
  return (
    <section
      class="card onboarding"
      aria-labelledby="onboarding-title"
    >
      <h2 id="onboarding-title">Get your app reading a flag</h2>
      <div class="row">
        <span class="small muted">{doneCount} of 3 done</span>
        <div class="spacer" />
        <Button
          small
          variant="ghost"
          aria-expanded={!collapsed}
          aria-controls={collapsed ? undefined : "onboarding-steps"}
          onClick={() => {
            store(collapsedKey(project.id), collapsed ? null : "yes");
            setCollapsed(!collapsed);
          }}
        >
          {collapsed ? "Show steps" : "Hide steps"}
        </Button>
        {complete && (
          <Button
            small
            variant="ghost"
            onClick={() => {
              store(hiddenKey(project.id), "done");
              setHidden(true);
            }}
          >
            Hide checklist
          </Button>
        )}
      </div>
      {!collapsed && (
        <ol class="checklist" id="onboarding-steps">
          {step(
            0,
            "Create a config",
            s.example
              ? (
                <>
                  You have <code>{s.example.name}</code>.
                </>
              )
              : (
                <>
                  Press <em>New config</em>: a name, a type and a first value.
                </>
              ),
          )}
          {step(
            1,
            "Create an SDK key",
            s.keys.length > 0
              ? <>{s.keys.length} key{s.keys.length > 1 ? "s" : ""}; each reads one environment.</>
              : (
                <>
                  An app reads one environment with a key:{" "}
                  <Link href={`${base}/sdk-keys`}>SDK keys</Link>.
                </>
              ),
          )}
          {step(
            2,
            "Connect your app",
            s.example
              ? (
                <>
                  <code>npm install @replanejs/sdk</code>, then paste this with your key:
                  <pre class="code-block">{snippet}</pre>
                  <CopyButton text={snippet} label="Copy snippet" />
                </>
              )
              : <>With a config and a key, a snippet to paste appears here.</>,
          )}
        </ol>
      )}
      <p class="small" role="status" data-testid="onboarding-status">
        {s.live
          ? (
            <strong>
              Connected ✓ {s.live.clients.length} app{s.live.clients.length > 1 ? "s" : ""} on{" "}
              {s.live.environment}: <Link href={`${base}/connections`}>SDK connections</Link>
            </strong>
          )
          : s.keys.length > 0
          ? "Waiting for your app to connect…"
          : "Once a key exists, this shows when your app connects."}
      </p>
    </section>
  );
}
