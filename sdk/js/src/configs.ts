// The configs of one environment in memory, as the stream delivers them, and what each record
// changed (a record that changes nothing yields no change).
import type { WireConfig } from "../../../src/domain/overrides.ts";

export type ChangeEvent = { name: string; deleted: boolean };

export class ConfigSet {
  readonly #configs = new Map<string, { config: WireConfig; json: string }>();

  get(name: string): WireConfig | undefined {
    return this.#configs.get(name)?.config;
  }

  has(name: string): boolean {
    return this.#configs.has(name);
  }

  names(): string[] {
    return [...this.#configs.keys()];
  }

  all(): WireConfig[] {
    return [...this.#configs.values()].map((c) => c.config);
  }

  /** Replaces everything (an init): configs left out are deleted. */
  replace(configs: WireConfig[]): ChangeEvent[] {
    const changes: ChangeEvent[] = [];
    const seen = new Set<string>();
    for (const config of configs) {
      seen.add(config.name);
      changes.push(...this.set(config));
    }
    for (const name of this.names()) {
      if (!seen.has(name)) changes.push(...this.delete(name));
    }
    return changes;
  }

  set(config: WireConfig): ChangeEvent[] {
    const json = JSON.stringify(config);
    if (this.#configs.get(config.name)?.json === json) return [];
    this.#configs.set(config.name, { config, json });
    return [{ name: config.name, deleted: false }];
  }

  delete(name: string): ChangeEvent[] {
    return this.#configs.delete(name) ? [{ name, deleted: true }] : [];
  }
}

/** A wire config from an untrusted record, or null when it is not one. */
export function wireConfig(data: unknown): WireConfig | null {
  if (typeof data !== "object" || data === null) return null;
  const c = data as Partial<WireConfig>;
  if (typeof c.name !== "string" || !("value" in c)) return null;
  return {
    name: c.name,
    value: c.value!,
    overrides: Array.isArray(c.overrides) ? c.overrides : [],
  };
}
