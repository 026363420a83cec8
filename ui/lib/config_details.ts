// Full configs (values and overrides) for a list of summaries, fetched a few at a time and
// cached by version, so a list refresh only fetches what changed.
import { useEffect, useState } from "preact/hooks";
import { configs } from "./endpoints.ts";
import type { ConfigDetail, ConfigSummary } from "./types.ts";

const details = new Map<string, ConfigDetail>();
const cacheKey = (pid: string, c: { name: string; version: number }) =>
  `${pid}/${c.name}@${c.version}`;

/** Keeps a config the dashboard just saved, so the list shows it without fetching it again. */
export function rememberDetail(projectId: string, config: ConfigDetail) {
  details.set(cacheKey(projectId, config), config);
}

export function useDetails(projectId: string, list: ConfigSummary[] | undefined) {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!list) return;
    let cancelled = false;
    const missing = list.slice(0, 300).filter((c) => !details.has(cacheKey(projectId, c)));
    const worker = async () => {
      for (let c = missing.shift(); c && !cancelled; c = missing.shift()) {
        try {
          details.set(cacheKey(projectId, c), await configs.get(projectId, c.name));
          setTick((t) => t + 1);
        } catch { /* the row just shows no value */ }
      }
    };
    for (let i = 0; i < 4; i++) void worker();
    return () => {
      cancelled = true;
    };
  }, [projectId, list]);
  return (c: ConfigSummary) => details.get(cacheKey(projectId, c));
}
