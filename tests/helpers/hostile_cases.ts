// What the hostile-input run (hostile_fuzz.ts) sends: the named cases of issue 22, random
// bodies and paths for every admin route from every kind of caller, the role matrix's valid
// requests from callers who must be refused, SDK and OFREP requests, and protocol oddities.
// Every write is built to be refused, so the database must never change.
import { gzipSync } from "node:zlib";
import { ADMIN_ROUTES } from "../../src/http/admin/routes.ts";
import type { Api } from "./api.ts";
import { createSdkKey, createWorld } from "./api.ts";
import { type Fixture, MATRIX_ROUTES } from "./admin_matrix.ts";
import {
  configBodies,
  GENERIC_BODIES,
  hostileSchemaCases,
  pathProbes,
  prng,
  randomJson,
  randomSegment,
  refusedBody,
} from "./hostile.ts";

export type Case = {
  group: string;
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: BodyInit;
  /** Why the answer is wrong, or null. 5xx is always wrong; `sent` is the path and body. */
  check(status: number, text: string, sent: string): string | null;
  /** The server may close the connection instead of answering (oversized headers). */
  mayDrop?: boolean;
};

export type HostileFixture = Fixture & {
  /** A project and workspace no caller below but the superuser may see. */
  secrets: string[];
  otherWorkspace: string;
  sdkKey: string;
  otherSdkKey: string;
  revokedSdkKey: string;
  keys: Record<"scoped" | "foreign" | "expired" | "revoked", string>;
  marker: string;
};

const ADMIN = "/api/admin/v1";

async function apiKey(su: Api, w: string, body: Record<string, unknown>) {
  const r = await su.ok("POST", `/workspaces/${w}/api-keys`, { name: "k", ...body });
  return { id: String(r.body.id), key: String(r.body.key) };
}

/** The role matrix's fixture, plus the callers and secrets the scope checks need. */
export async function makeFixture(su: Api): Promise<HostileFixture> {
  const { workspaceId: w, projectId: p, env } = await createWorld(su);
  const p2 = String((await su.ok("POST", `/workspaces/${w}/projects`, { name: "Other" })).body.id);
  const p3 = String((await su.ok("POST", `/workspaces/${w}/projects`, { name: "Third" })).body.id);
  const temp = String(
    (await su.ok("POST", `/projects/${p}/environments`, { name: "Temp" })).body.id,
  );
  for (
    const [email, role] of [["keeper", "admin"], ["m1", "member"], ["m2", "member"], [
      "pm1",
      "member",
    ], ["pm2", "member"]]
  ) {
    await su.ok("POST", `/workspaces/${w}/members`, { email: `${email}@x.test`, role });
  }
  for (const email of ["pm1", "pm2"]) {
    await su.ok("POST", `/projects/${p}/members`, { email: `${email}@x.test`, role: "maintainer" });
  }
  const marker = `secret-${crypto.randomUUID()}`;
  const cfg = await su.ok("POST", `/projects/${p}/configs`, {
    name: "cfg",
    base: { value: marker, schema: { type: "string" } },
    editors: ["cm@x.test", "gone@x.test"],
  });
  await su.ok("POST", `/projects/${p}/configs`, { name: "target", base: { value: [1, 2] } });
  const sdk = await createSdkKey(su, p, env.Production!);
  const revoked = await createSdkKey(su, p, env.Development!);
  await su.ok("DELETE", `/projects/${p}/sdk-keys/${revoked.id}`);
  const other = await createWorld(su);
  const otherSdk = await createSdkKey(su, other.projectId, other.env.Production!);
  const all = ["project", "config", "environment", "sdk_key", "member"].flatMap((r) => [
    `${r}:read`,
    `${r}:write`,
  ]);
  const fixtureKey = await apiKey(su, w, { scopes: [] });
  const scoped = await apiKey(su, w, { scopes: all, projectIds: [p3] });
  const foreign = await apiKey(su, other.workspaceId, { scopes: all });
  const expiresAt = new Date(Date.now() + 2_000).toISOString();
  const expired = await apiKey(su, w, { scopes: all, expiresAt });
  const revokedKey = await apiKey(su, w, { scopes: all });
  await su.ok("DELETE", `/workspaces/${w}/api-keys/${revokedKey.id}`);
  // The revoked SDK key must be gone from the replica before the run.
  const synced = await fetch(`${su.base}/api/sdk/v1/testing/sync`, {
    method: "POST",
    headers: { authorization: `Bearer ${sdk.key}` },
  });
  await synced.body?.cancel();
  const wait = Date.parse(expiresAt) - Date.now() + 100;
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  return {
    w,
    p,
    p2,
    cfgId: String(cfg.body.id),
    prod: env.Production!,
    dev: env.Development!,
    temp,
    sdkKeyId: sdk.id,
    apiKeyId: fixtureKey.id,
    secrets: [p, p2, String(cfg.body.id), marker],
    otherWorkspace: other.workspaceId,
    sdkKey: sdk.key,
    otherSdkKey: otherSdk.key,
    revokedSdkKey: revoked.key,
    keys: {
      scoped: scoped.key,
      foreign: foreign.key,
      expired: expired.key,
      revoked: revokedKey.key,
    },
    marker,
  };
}

const json = { "content-type": "application/json" };
const bearer = (key: string) => ({ ...json, authorization: `Bearer ${key}` });
const refused = (status: number) => status >= 400 ? null : `answered ${status}, expected a refusal`;
// An id the caller sent itself may come back in the error message; any other may not.
const leaks = (secrets: string[]) => (status: number, text: string, sent: string) => {
  const seen = secrets.find((s) => text.includes(s) && !sent.includes(s));
  return seen ? `answered ${status} showing "${seen}", which this caller may not see` : null;
};

function fill(path: string, f: HostileFixture): string {
  return path.replace("{workspaceId}", f.w).replace("{projectId}", f.p).replace("{name}", "cfg")
    .replace("{environmentId}", f.temp).replace("{version}", "999").replace(
      "{email}",
      "nobody@x.test",
    )
    .replace("{sdkKeyId}", crypto.randomUUID()).replace("{apiKeyId}", crypto.randomUUID())
    .replace(/\{\w+\}/g, crypto.randomUUID());
}

function namedCases(f: HostileFixture): Case[] {
  const out: Case[] = [];
  hostileSchemaCases().forEach(({ name, base }, i) => {
    const body = JSON.stringify({ name: `hostile-${i}`, base });
    const headers = bearer("superuser-test-key-0123456789");
    out.push({
      group: "issue 22 schemas",
      label: name,
      method: "POST",
      path: `${ADMIN}/projects/${f.p}/configs`,
      headers,
      body,
      check: refused,
    });
    const put = JSON.stringify({ base });
    out.push({
      group: "issue 22 schemas",
      label: `${name} (PUT)`,
      method: "PUT",
      path: `${ADMIN}/projects/${f.p}/configs/cfg`,
      headers,
      body: put,
      check: refused,
    });
  });
  // Query fields added with tags and encrypted exports.
  for (
    const query of [
      "configs?tag=" + "x".repeat(1_001),
      "export?sensitive=bogus",
      "export?format=replane&sensitive=encrypted",
    ]
  ) {
    out.push({
      group: "bad query fields",
      label: query.slice(0, 40),
      method: "GET",
      path: `${ADMIN}/projects/${f.p}/${query}`,
      headers: bearer("superuser-test-key-0123456789"),
      check: refused,
    });
  }
  for (const body of configBodies()) {
    out.push({
      group: "bad config bodies",
      label: body.slice(0, 40),
      method: "POST",
      path: `${ADMIN}/projects/${f.p}/configs`,
      headers: bearer("superuser-test-key-0123456789"),
      body,
      check: refused,
    });
  }
  return out;
}

type Caller = { name: string; headers: Record<string, string>; secrets: string[] };

function callers(f: HostileFixture): Caller[] {
  return [
    { name: "superuser", headers: bearer("superuser-test-key-0123456789"), secrets: [] },
    { name: "no credentials", headers: json, secrets: f.secrets },
    { name: "garbage bearer", headers: bearer("rpa_" + "f".repeat(80)), secrets: f.secrets },
    { name: "not a bearer", headers: { ...json, authorization: "Basic YTpi" }, secrets: f.secrets },
    {
      name: "forged cookie",
      headers: { ...json, cookie: "dialtone_session=forged" },
      secrets: f.secrets,
    },
    {
      name: "key restricted to another project",
      headers: bearer(f.keys.scoped),
      secrets: f.secrets,
    },
    {
      name: "key of another workspace",
      headers: bearer(f.keys.foreign),
      secrets: [...f.secrets, f.w],
    },
    { name: "expired key", headers: bearer(f.keys.expired), secrets: f.secrets },
    { name: "revoked key", headers: bearer(f.keys.revoked), secrets: f.secrets },
    { name: "SDK key on the admin API", headers: bearer(f.sdkKey), secrets: f.secrets },
  ];
}

function randomAdminCases(f: HostileFixture, seed: number, perRoute: number): Case[] {
  const rng = prng(seed);
  const out: Case[] = [];
  const everyone = callers(f);
  for (const r of ADMIN_ROUTES) {
    if (r.auth === false) continue;
    const method = r.method.toUpperCase();
    const probes = pathProbes(r.path).map((p) => fill(p, f));
    if (probes.length === 0) probes.push(fill(r.path, f));
    for (let i = 0; i < perRoute; i++) {
      const caller = everyone[i % everyone.length]!;
      const su = caller.name === "superuser";
      // The superuser's writes must fail on their input: a path or a body no route accepts.
      let path = rng.int(3) === 0 || (su && method !== "GET" && !r.body)
        ? rng.pick(probes)
        : fill(r.path, f);
      if (rng.int(5) === 0) path = path.replace(/[^/]+$/, randomSegment(rng));
      if (rng.int(6) === 0) {
        path += `?${randomSegment(rng)}=${randomSegment(rng)}&limit=${
          rng.pick(["0", "-1", "1e9", "x"])
        }`;
      }
      const body = r.body ? refusedBody(rng) : undefined;
      const write = method !== "GET";
      out.push({
        group: `random ${method} ${r.path}`,
        label: caller.name,
        method,
        path: ADMIN + path,
        headers: caller.headers,
        body,
        check: (status, text, sent) =>
          (write && !su && status < 400) || (write && su && r.body && status < 400)
            ? `answered ${status}, expected a refusal`
            : leaks(caller.secrets)(status, text, sent),
      });
    }
  }
  return out;
}

/** Valid requests from the role matrix, sent by callers that must be refused or see nothing. */
async function matrixCases(f: HostileFixture, su: Api): Promise<Case[]> {
  const out: Case[] = [];
  const denied = callers(f).filter((c) => c.name !== "superuser");
  for (const route of MATRIX_ROUTES) {
    if (route.action === "public") continue;
    const body = typeof route.body === "function" ? await route.body(f, su) : route.body;
    for (const caller of denied) {
      out.push({
        group: `scope ${route.method} ${route.path(f).split("/").slice(0, 3).join("/")}`,
        label: caller.name,
        method: route.method,
        path: ADMIN + route.path(f),
        headers: caller.headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        check: (status, text, sent) =>
          route.method !== "GET" && status < 400
            ? `answered ${status} to a caller without rights`
            : leaks(caller.secrets)(status, text, sent),
      });
    }
  }
  return out;
}

function sdkCases(f: HostileFixture, seed: number): Case[] {
  const rng = prng(seed + 1);
  const out: Case[] = [];
  const keys = [
    { name: "no key", headers: json, own: false },
    { name: "garbage key", headers: bearer("rp_" + "0".repeat(80)), own: false },
    { name: "revoked SDK key", headers: bearer(f.revokedSdkKey), own: false },
    { name: "other environment's key", headers: bearer(f.otherSdkKey), own: false },
    { name: "admin key", headers: bearer(f.keys.scoped), own: false },
    { name: "own key", headers: bearer(f.sdkKey), own: true },
  ];
  const routes: [string, string][] = [
    ["POST", "/api/sdk/v1/replication/stream"],
    ["POST", "/api/v1/replication/stream"],
    ["GET", "/api/sdk/v1/configs"],
    ["POST", "/api/sdk/v1/testing/sync"],
    ["POST", "/api/sdk/v1/evaluate"],
    ["POST", "/ofrep/v1/evaluate/flags"],
    ["POST", "/ofrep/v1/evaluate/flags/cfg"],
    ["GET", "/ofrep/v1/events"],
  ];
  for (const [method, path] of routes) {
    for (let i = 0; i < 36; i++) {
      const key = keys[i % keys.length]!;
      const body = method === "GET"
        ? undefined
        : rng.int(3) === 0
        ? String(rng.pick(GENERIC_BODIES.filter((b) => typeof b === "string")))
        : JSON.stringify(
          rng.int(2) ? randomJson(rng) : {
            currentConfigs: [{
              name: rng.pick(["cfg", "x", ""]),
              value: randomJson(rng),
              overrides: [randomJson(rng)],
            }],
            requiredConfigs: [rng.pick(["cfg", "missing", 7])],
            context: randomJson(rng),
          },
        );
      out.push({
        group: `sdk ${method} ${path}`,
        label: key.name,
        method,
        path,
        headers: key.headers,
        body,
        check: (
          status,
          text,
        ) => (!key.own && text.includes(f.marker)
          ? `answered ${status} with another environment's config`
          : null),
      });
    }
  }
  const big = "x".repeat(17 * 1024 * 1024);
  out.push({
    group: "sdk oversized",
    label: "17 MiB stream body, own key",
    method: "POST",
    path: "/api/sdk/v1/replication/stream",
    headers: bearer(f.sdkKey),
    body: big,
    check: refused,
  });
  out.push({
    group: "sdk oversized",
    label: "17 MiB stream body, bad key",
    method: "POST",
    path: "/api/sdk/v1/replication/stream",
    headers: bearer("rp_" + "0".repeat(80)),
    body: big,
    check: refused,
  });
  return out;
}

function protocolCases(f: HostileFixture): Case[] {
  const su = bearer("superuser-test-key-0123456789");
  const valid = JSON.stringify({ name: "gz", base: { value: 1 }, "fuzz": 1 });
  const group = "protocol";
  const path = `${ADMIN}/projects/${f.p}/configs`;
  return [
    {
      group,
      label: "gzip body",
      method: "POST",
      path,
      headers: { ...su, "content-encoding": "gzip" },
      body: new Uint8Array(gzipSync(new TextEncoder().encode(valid))),
      check: refused,
    },
    {
      group,
      label: "deflate body",
      method: "POST",
      path,
      headers: { ...su, "content-encoding": "deflate" },
      body: "x\u009c",
      check: refused,
    },
    {
      group,
      label: "64 KiB header",
      method: "GET",
      path: `${ADMIN}/projects`,
      headers: { ...su, "x-pad": "p".repeat(65_536) },
      check: () => null,
      mayDrop: true,
    },
    {
      group,
      label: "1 MiB header",
      method: "GET",
      path: `${ADMIN}/projects`,
      headers: { ...su, "x-pad": "p".repeat(1 << 20) },
      check: () => null,
      mayDrop: true,
    },
    {
      group,
      label: "200 KiB query",
      method: "GET",
      path: `${ADMIN}/projects/${f.p}/audit-log?${"a=1&".repeat(50_000)}`,
      headers: su,
      check: () => null,
      mayDrop: true,
    },
    {
      group,
      label: "17 MiB admin body",
      method: "POST",
      path,
      headers: su,
      body: JSON.stringify({ name: "big", base: { value: "x".repeat(17 << 20) } }),
      check: refused,
    },
    {
      group,
      label: "wrong content-length",
      method: "POST",
      path,
      headers: { ...su, "content-length": "999999999" },
      body: "{}",
      check: () => null,
      mayDrop: true,
    },
    {
      group,
      label: "evaluate with a deep context",
      method: "POST",
      path: `${ADMIN}/projects/${f.p}/configs/cfg/evaluate`,
      headers: su,
      body: `{"environmentId":"${f.prod}","context":${"[".repeat(10_000)}${"]".repeat(10_000)}}`,
      check: refused,
    },
    {
      group,
      label: "evaluate with a 1 MiB context",
      method: "POST",
      path: `${ADMIN}/projects/${f.p}/configs/cfg/evaluate`,
      headers: su,
      body: JSON.stringify({ environmentId: f.prod, context: { a: "x".repeat(1 << 20) } }),
      check: refused,
    },
    {
      group,
      label: "import of a hostile schema",
      method: "POST",
      path: `${ADMIN}/projects/${f.p}/import`,
      headers: su,
      body: JSON.stringify({
        data: { configs: [{ name: "imp", value: "aaaa!", schema: { pattern: "^(a+)+$" } }] },
      }),
      check: refused,
    },
  ];
}

/** Every case, in a fixed order for a given seed. */
export async function allHostileCases(f: HostileFixture, su: Api, seed: number, perRoute = 20) {
  return [
    ...namedCases(f),
    ...protocolCases(f),
    ...randomAdminCases(f, seed, perRoute),
    ...await matrixCases(f, su),
    ...sdkCases(f, seed),
  ];
}
