// References the way Replane users' scripts make them (REPLANE_COMPAT.md §2.3), driven by the
// published @replanejs/admin and checked through the published @replanejs/sdk: a reference to
// a config that does not exist yet, its target created afterwards, a referenced config deleted
// and its name created again, and chains of references deleted in every order. Run by
// replane_compat_test.ts (one embedded server) and replane_compat_pg_test.ts (admin writes on
// one instance, the SDK on another, one Postgres).
import assert from "node:assert/strict";
import { ReplaneAdmin } from "@replanejs/admin";
import type { CreateConfigRequest, OverrideCondition } from "@replanejs/admin";
import { Replane, type ReplaneLogger } from "@replanejs/sdk";
import { SUPERUSER_KEY } from "./helpers/admin.ts";

type Ctx = Record<string, string | number | boolean | null>;
type Warning = { path: string; message: string };
type Urls = { adminUrl: string; sdkUrl: string };

const quiet: ReplaneLogger = { debug() {}, info() {}, warn() {}, error() {} };

async function eventually(check: () => void | Promise<void>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

export async function referenceScenario(
  { adminUrl, sdkUrl }: Urls,
  step: (name: string, fn: () => Promise<void>) => Promise<unknown>,
): Promise<void> {
  const admin = new ReplaneAdmin({ baseUrl: adminUrl, apiKey: SUPERUSER_KEY });
  const { id: workspaceId } = await admin.workspaces.create({ name: `refs-${Date.now()}` });
  const { id: projectId } = await admin.projects.create({
    workspaceId,
    name: "References",
    description: "",
  });
  const { environments } = await admin.environments.list({ projectId });
  const production = environments.find((e) => e.name === "Production")!.id;
  const { key } = await admin.sdkKeys.create({ projectId, name: "app", environmentId: production });

  const ref = (configName: string, path: (string | number)[] = []) => ({
    type: "reference" as const,
    projectId,
    configName,
    path,
  });
  const config = (
    name: string,
    value: unknown,
    when?: { condition: OverrideCondition; value: unknown },
  ): CreateConfigRequest => ({
    projectId,
    name,
    description: "",
    editors: [],
    base: {
      value: value as never,
      schema: null,
      overrides: when
        ? [{ name: "rule", conditions: [when.condition], value: when.value as never }]
        : [],
    },
    variants: [],
  });
  const create = async (request: CreateConfigRequest) =>
    await admin.configs.create(request) as { id: string; warnings?: Warning[] };
  const remove = async (name: string) =>
    await admin.configs.delete({ projectId, configName: name }) as
      | { warnings?: Warning[] }
      | undefined;

  /** Every write is applied on the SDK's instance before the SDK is asked. */
  const synced = async () => {
    const res = await fetch(`${sdkUrl}/api/sdk/v1/testing/sync`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(res.status, 200, await res.text());
  };
  const snapshotNames = async () => {
    await synced();
    const res = await fetch(`${sdkUrl}/api/sdk/v1/configs`, {
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(res.status, 200);
    return ((await res.json()).configs as { name: string }[]).map((c) => c.name).sort();
  };

  const sdk = new Replane({ logger: quiet });
  const expect = async (name: string, context: Ctx, expected: unknown) => {
    await synced();
    await eventually(() =>
      assert.deepEqual(sdk.get(name, { context }), expected, `${name} ${JSON.stringify(context)}`)
    );
  };
  const gate = config("gate", "off", {
    condition: { operator: "in", property: "org", value: ref("allowed-orgs") },
    value: "on",
  });

  try {
    await step(
      "a reference to a config that does not exist is stored, with a warning",
      async () => {
        const created = await create(gate);
        assert.ok(created.id);
        const warning = (created.warnings ?? []).find((w) => /allowed-orgs/.test(w.message));
        assert.ok(warning, `a warning names the missing config: ${JSON.stringify(created)}`);
        assert.match(warning.path, /overrides\[0\]\.conditions\[0\]/);
        const stored = await admin.configs.get({ projectId, configName: "gate" });
        assert.deepEqual(
          stored.base.overrides[0]!.conditions[0],
          gate.base.overrides[0]!.conditions[0],
        );

        await synced();
        await sdk.connect({ baseUrl: sdkUrl, sdkKey: key, connectTimeoutMs: 3_000 });
        assert.equal(sdk.get("gate", { context: { org: "acme" } }), "off", "unresolved: no match");
        const wire = sdk.getSnapshot().configs.find((c) => c.name === "gate")!;
        assert.equal("value" in wire.overrides[0]!.conditions[0]!, false, "no value on the wire");
      },
    );

    await step(
      "the target created afterwards: the SDK sees the override start matching",
      async () => {
        const created = await create(config("allowed-orgs", ["acme", "initech"]));
        assert.deepEqual(created.warnings ?? [], []);
        await expect("gate", { org: "acme" }, "on");
        assert.equal(sdk.get("gate", { context: { org: "globex" } }), "off");
        assert.deepEqual(sdk.get("allowed-orgs"), ["acme", "initech"]);
      },
    );

    let firstId = "";
    await step(
      "deleting a referenced config is accepted; the reference is unresolved again",
      async () => {
        firstId = (await admin.configs.get({ projectId, configName: "allowed-orgs" })).id;
        const deleted = await remove("allowed-orgs");
        if (deleted !== undefined) {
          assert.ok(
            (deleted.warnings ?? []).some((w) => /gate/.test(w.message)),
            `a delete that answers with a body names the referring config: ${
              JSON.stringify(deleted)
            }`,
          );
        }
        await expect("gate", { org: "acme" }, "off");
        assert.deepEqual(await snapshotNames(), ["gate"]);
        const list = await admin.configs.list({ projectId });
        assert.deepEqual(list.configs.map((c) => c.name), ["gate"]);
      },
    );

    await step("re-creating the deleted name: a new config the reference resolves to", async () => {
      const created = await create(config("allowed-orgs", ["globex"]));
      assert.notEqual(created.id, firstId);
      const again = await admin.configs.get({ projectId, configName: "allowed-orgs" });
      assert.equal(again.version, 1);
      assert.deepEqual(again.base.value, ["globex"]);
      await expect("gate", { org: "globex" }, "on");
      assert.equal(sdk.get("gate", { context: { org: "acme" } }), "off");
    });

    // a → b (b's value at "key"), b → c (c's whole list); c plain. Each deletion order,
    // checking every remaining config's value through the SDK after each step.
    const chain = async () => {
      await create(config("chain-a", "a-off", {
        condition: { operator: "equals", property: "x", value: ref("chain-b", ["key"]) },
        value: "a-on",
      }));
      await create(config("chain-b", { key: "k1" }, {
        condition: { operator: "in", property: "y", value: ref("chain-c") },
        value: { key: "k2" },
      }));
      await create(config("chain-c", ["y1"]));
    };
    const alive = new Set<string>();
    const checkChain = async () => {
      const has = (n: string) => alive.has(n);
      if (has("chain-a")) await expect("chain-a", { x: "k1" }, has("chain-b") ? "a-on" : "a-off");
      if (has("chain-b")) {
        await expect("chain-b", { y: "y1" }, has("chain-c") ? { key: "k2" } : { key: "k1" });
      }
      if (has("chain-c")) await expect("chain-c", {}, ["y1"]);
      const names = (await snapshotNames()).filter((n) => n.startsWith("chain-"));
      assert.deepEqual(names, [...alive].sort());
    };
    for (
      const order of [
        ["chain-a", "chain-b", "chain-c"],
        ["chain-c", "chain-b", "chain-a"],
        ["chain-b", "chain-a", "chain-c"],
        ["chain-c", "chain-a", "chain-b"],
      ]
    ) {
      await step(`a chain of references deleted in the order ${order.join(", ")}`, async () => {
        await chain();
        for (const n of ["chain-a", "chain-b", "chain-c"]) alive.add(n);
        await checkChain();
        for (const name of order) {
          await remove(name);
          alive.delete(name);
          await checkChain();
        }
      });
    }

    await step("a config that references itself is created and deleted", async () => {
      const created = await create(config("self", "plain", {
        condition: { operator: "equals", property: "v", value: ref("self") },
        value: "matched",
      }));
      assert.deepEqual(created.warnings ?? [], []);
      await expect("self", { v: "plain" }, "matched");
      await remove("self");
      assert.ok(!(await snapshotNames()).includes("self"));
    });
  } finally {
    sdk.disconnect();
    await admin.workspaces.delete({ workspaceId }).catch(() => {});
  }
}
