// For OFREP tests: a project with one flag of each kind the providers read (boolean, string,
// number, object, a rollout, targeting, a null value), an SDK key per environment, and raw
// OFREP calls.
import type { Override } from "../../src/domain/overrides.ts";
import { type Api, createSdkKey, createWorld, putConfig, state, type World } from "./api.ts";

export const BETA: Override = {
  name: "beta",
  conditions: [{ operator: "in", property: "plan", value: { type: "literal", value: ["beta"] } }],
  value: true,
};

export const PRO: Override = {
  name: "pro",
  conditions: [{ operator: "equals", property: "plan", value: { type: "literal", value: "pro" } }],
  value: 50,
};

/** Half of all targeting keys, by the SDK's bucketing. */
export const HALF: Override = {
  name: "half",
  conditions: [{
    operator: "segmentation",
    property: "targetingKey",
    fromPercentage: 0,
    toPercentage: 50,
    seed: "rollout-seed",
  }],
  value: true,
};

export const FLAGS = {
  "dark-mode": state(false, [BETA]),
  "greeting": state("hello"),
  "max-items": state(10, [PRO]),
  "theme": state({ color: "blue", size: 2 }, [{
    name: "green",
    conditions: [{
      operator: "equals",
      property: "country",
      value: { type: "literal", value: "NZ" },
    }],
    value: { color: "green", size: 3 },
  }]),
  "new-checkout": state(false, [HALF]),
  "unset": state(null),
};

export type OfrepWorld = World & { key: string; keyId: string; devKey: string };

/** A fresh workspace with FLAGS in it (Development gets greeting "hi" as a variant). */
export async function ofrepWorld(su: Api): Promise<OfrepWorld> {
  const world = await createWorld(su);
  for (const [name, s] of Object.entries(FLAGS)) {
    await putConfig(su, world.projectId, name, s);
  }
  const dev = world.env.Development!;
  await putConfig(
    su,
    world.projectId,
    "greeting",
    state("hello", [], [
      { environmentId: dev, value: "hi", overrides: [] },
    ]),
  );
  const prod = await createSdkKey(su, world.projectId, world.env.Production!);
  const devKey = await createSdkKey(su, world.projectId, dev);
  return { ...world, key: prod.key, keyId: prod.id, devKey: devKey.key };
}

export type OfrepReply = { status: number; body: Record<string, unknown>; headers: Headers };

/** POST to an OFREP path with the key as Bearer (or no key when null). */
export async function ofrep(
  url: string,
  path: string,
  key: string | null,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<OfrepReply> {
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(key === null ? {} : { Authorization: `Bearer ${key}` }),
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === "" ? {} : JSON.parse(text), headers: res.headers };
}

/** One flag with `context`. */
export function evaluateFlag(url: string, key: string | null, flag: string, context: unknown) {
  return ofrep(url, `/ofrep/v1/evaluate/flags/${flag}`, key, { context });
}

/** Every flag with `context`. */
export function evaluateAll(
  url: string,
  key: string | null,
  context: unknown,
  headers: Record<string, string> = {},
) {
  return ofrep(url, "/ofrep/v1/evaluate/flags", key, { context }, headers);
}
