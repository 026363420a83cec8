// The tab strip of a config page; each tab is a link to its own address.
import { onTablistKeyDown } from "../components/ui.tsx";
import { navigate } from "../lib/router.ts";

export const CONFIG_TABS = [
  ["value", "Value"],
  ["overrides", "Overrides"],
  ["schema", "Schema"],
  ["environments", "Environments"],
  ["test", "Test"],
  ["history", "History"],
  ["settings", "Settings"],
] as const;

export const isConfigTab = (tab: string) => CONFIG_TABS.some(([id]) => id === tab);

export function ConfigTabs({ tab, tabUrl }: { tab: string; tabUrl: (tab: string) => string }) {
  return (
    <div class="tabs" role="tablist" aria-label="Config sections" onKeyDown={onTablistKeyDown}>
      {CONFIG_TABS.map(([id, label]) => (
        <a
          key={id}
          role="tab"
          href={tabUrl(id)}
          aria-selected={tab === id}
          tabIndex={tab === id ? 0 : -1}
          class={`tab ${tab === id ? "active" : ""}`}
          onClick={(e) => {
            e.preventDefault();
            navigate(tabUrl(id), { force: true });
          }}
        >
          {label}
        </a>
      ))}
    </div>
  );
}
