// Compiled flags per environment, kept beside the hub's state: a flag is compiled again only
// when its wire JSON in the hub changed (the replica's commit already replaced the string, so
// an unchanged flag costs one identity comparison). The hub's EnvironmentState is the key, so a
// revoked environment's flags go with its state.
import type { EnvironmentState } from "../../realtime/hub.ts";
import type { EvaluationCounter } from "../../service/evaluation_counter.ts";
import { compileFlag, type OfrepFlag } from "./flags.ts";

type Entry = { json: string; flag: OfrepFlag };

export class FlagCache {
  readonly #environments = new WeakMap<EnvironmentState, Map<string, Entry>>();

  constructor(readonly counter: EvaluationCounter) {}

  /** The compiled flag `name` as the environment has it now, or null when it has none. */
  flag(state: EnvironmentState, name: string): OfrepFlag | null {
    const json = state.configs.get(name);
    return json === undefined ? null : this.#compiled(this.#entries(state), state, name, json);
  }

  /** Every flag of the environment, by name. */
  all(state: EnvironmentState): OfrepFlag[] {
    const entries = this.#entries(state);
    const flags: OfrepFlag[] = [];
    for (const [name, json] of state.configs) {
      flags.push(this.#compiled(entries, state, name, json));
    }
    if (entries.size > flags.length) {
      for (const name of entries.keys()) if (!state.configs.has(name)) entries.delete(name);
    }
    return flags;
  }

  #entries(state: EnvironmentState): Map<string, Entry> {
    let entries = this.#environments.get(state);
    if (!entries) {
      entries = new Map();
      this.#environments.set(state, entries);
    }
    return entries;
  }

  #compiled(
    entries: Map<string, Entry>,
    state: EnvironmentState,
    name: string,
    json: string,
  ): OfrepFlag {
    const hit = entries.get(name);
    if (hit !== undefined && hit.json === json) return hit.flag;
    const flag = compileFlag(json, state.id, state.projectId, this.counter);
    entries.set(name, { json, flag });
    return flag;
  }
}
