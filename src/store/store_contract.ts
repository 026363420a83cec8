// One contract, run against both primary stores (sqlite_store_test.ts, postgres_store_pg_test.ts).
import assert from "node:assert/strict";
import { toFeedConfig } from "./changes.ts";
import { brokenConstraint } from "./db.ts";
import { SchemaTooNewError } from "./migrate.ts";
import { MIGRATIONS } from "./migrations.gen.ts";
import type { Store } from "./store.ts";
import type { Actor, ConfigState } from "./types.ts";

export type StoreHarness = {
  /** Opens (and migrates) the store under test; the same database each call. */
  open(): Promise<Store>;
  cleanup(): Promise<void>;
};

const actor: Actor = { type: "user", id: "u-1" };

function state(value: unknown, environmentId?: string): ConfigState {
  return {
    description: "limits",
    base: {
      value: value as never,
      schema: { type: "number" },
      overrides: [{
        name: "beta",
        conditions: [{
          operator: "equals",
          property: "plan",
          value: { type: "literal", value: "b" },
        }],
        value: 1,
      }],
    },
    variants: environmentId
      ? [{ environmentId, value: 5, schema: null, overrides: [], useBaseSchema: true }]
      : [],
    members: [{ email: "ed@example.com", role: "editor" }],
  };
}

export function storeContract(
  label: string,
  makeHarness: () => Promise<StoreHarness>,
  ignore = false,
) {
  Deno.test({
    name: `${label}: store contract`,
    ignore,
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async (t) => {
      const harness = await makeHarness();
      let store = await harness.open();
      try {
        const { workspace, project, prod, dev } = await store.write(async (tx) => {
          const workspace = await tx.workspaces.create("Acme");
          const project = await tx.projects.create(workspace.id, "Web", "the site");
          const prod = await tx.environments.create(project.id, "Production");
          const dev = await tx.environments.create(project.id, "Development");
          await tx.workspaceMembers.set(workspace.id, "ada@example.com", "admin");
          return { workspace, project, prod, dev };
        });

        await t.step("workspaces, projects and environments round-trip", async () => {
          await store.read(async (tx) => {
            assert.deepEqual(await tx.workspaces.get(workspace.id), workspace);
            assert.deepEqual(
              (await tx.workspaces.listForEmail("ada@example.com")).map((w) => w.id),
              [workspace.id],
            );
            assert.deepEqual(await tx.projects.list(workspace.id), [project]);
            assert.deepEqual(
              (await tx.environments.list(project.id)).map((e) => [e.name, e.position]),
              [["Production", 1], ["Development", 2]],
            );
          });
          await store.write((tx) => tx.environments.reorder(project.id, [dev.id, prod.id]));
          const names = await store.read((tx) => tx.environments.list(project.id));
          assert.deepEqual(names.map((e) => e.name), ["Development", "Production"]);
          await store.write((tx) => tx.environments.reorder(project.id, [prod.id, dev.id]));
        });

        await t.step("a duplicate project name breaks a unique constraint", async () => {
          const error = await store.write((tx) => tx.projects.create(workspace.id, "Web")).then(
            () => null,
            (e) => e,
          );
          assert.equal(brokenConstraint(error), "unique");
        });

        await t.step("configs: create, update with version check, delete, history", async () => {
          const created = await store.write((tx) =>
            tx.configs.create(project.id, "rate-limit", state(100, dev.id), actor)
          );
          assert.equal(created.version, 1);
          const loaded = await store.read((tx) => tx.configs.get(project.id, "rate-limit"));
          assert.deepEqual(loaded, created);

          const updated = await store.write((tx) =>
            tx.configs.update(created.id, state(200), actor, 1)
          );
          assert.ok(updated && updated !== "conflict");
          assert.equal(updated.version, 2);
          assert.deepEqual(updated.variants, []);
          const stale = await store.write((tx) =>
            tx.configs.update(created.id, state(300), actor, 1)
          );
          assert.equal(stale, "conflict");

          const summaries = await store.read((tx) => tx.configs.list(project.id));
          assert.deepEqual(summaries.map((c) => [c.name, c.version]), [["rate-limit", 2]]);

          assert.ok(await store.write((tx) => tx.configs.delete(created.id)));
          const versions = await store.read((tx) => tx.configs.versions(created.id));
          assert.deepEqual(versions.map((v) => v.version), [2, 1]);
          assert.equal(versions[1]!.state.base.value, 100);
          assert.deepEqual(versions[1]!.state.variants.map((v) => v.value), [5]);
          assert.deepEqual(versions[0]!.actor, actor);
          assert.deepEqual(
            await store.read((tx) => tx.configs.historyIds(project.id, "rate-limit")),
            [created.id],
          );
        });

        await t.step(
          "concurrent read-modify-write transactions on one config both land",
          async () => {
            const created = await store.write((tx) =>
              tx.configs.create(project.id, "counter", state(0), actor)
            );
            const bump = () =>
              store.write(async (tx) => {
                const current = await tx.configs.get(project.id, "counter");
                await delay(50); // let the other transaction read too, if the store allows it
                return await tx.configs.update(
                  created.id,
                  state(Number(current!.base.value) + 1),
                  actor,
                  current!.version,
                );
              });
            const results = await Promise.all([bump(), bump()]);
            assert.ok(
              results.every((r) => r !== "conflict" && r !== null),
              JSON.stringify(results),
            );
            const final = await store.read((tx) => tx.configs.get(project.id, "counter"));
            assert.equal(final?.version, 3);
            assert.equal(final?.base.value, 2);
            await store.write((tx) => tx.configs.delete(created.id));
          },
        );

        await t.step("every mutation appends to the change feed in its transaction", async () => {
          const head = await store.read((tx) => tx.feed.head());
          const config = await store.write((tx) =>
            tx.configs.create(project.id, "flag", state(1, prod.id), actor)
          );
          const [change] = await store.read((tx) => tx.feed.after(head, 10));
          assert.equal(change?.kind, "config");
          assert.ok(change?.kind === "config");
          assert.equal(change.config.name, "flag");
          assert.deepEqual(change.config.variants.map((v) => v.environmentId), [prod.id]);

          await assert.rejects(
            store.write(async (tx) => {
              await tx.configs.update(config.id, state(2), actor);
              throw new Error("boom");
            }),
            /boom/,
          );
          assert.equal(await store.read((tx) => tx.feed.head()), change.revision);
          assert.equal((await store.read((tx) => tx.configs.get(project.id, "flag")))?.version, 1);

          await store.write((tx) => tx.configs.delete(config.id));
          const kinds = (await store.read((tx) => tx.feed.after(head, 10))).map((c) => c.kind);
          assert.deepEqual(kinds, ["config", "config_deleted"]);
        });

        await t.step(
          "a config's feed row and snapshot entry match the config read back",
          async () => {
            const head = await store.read((tx) => tx.feed.head());
            const created = await store.write((tx) =>
              tx.configs.create(project.id, "fed", state(1, prod.id), actor)
            );
            await store.write((tx) => tx.configs.update(created.id, state(2, dev.id), actor));
            const changes = await store.read((tx) => tx.feed.after(head, 10));
            const stored = await store.read((tx) => tx.configs.get(project.id, "fed"));
            const fed = changes.map((c) => c.kind === "config" ? c.config : null);
            assert.deepEqual(fed[1], toFeedConfig(stored!));
            assert.deepEqual(fed[1]?.variants, [{
              environmentId: dev.id,
              value: 5,
              overrides: [],
            }]);
            const snapshot = await store.read((tx) => tx.feed.snapshot());
            assert.deepEqual(snapshot.configs.find((c) => c.id === created.id), fed[1]);
            await store.write((tx) => tx.configs.delete(created.id));
          },
        );

        await t.step("the doorbell rings after a commit with the new revision", async () => {
          const rung: number[] = [];
          const stop = await store.listen((r) => rung.push(r));
          const revision = await store.write(async (tx) => {
            await tx.projects.update(project.id, { description: "changed" });
            return tx.feed.lastAppended;
          });
          for (let i = 0; i < 100 && !rung.includes(revision!); i++) await delay(20);
          await stop();
          assert.ok(rung.includes(revision!), `expected ${revision} in ${rung}`);
        });

        await t.step("SDK keys, API keys, users and sessions", async () => {
          const id = crypto.randomUUID();
          await store.write((tx) =>
            tx.sdkKeys.create({
              id,
              projectId: project.id,
              environmentId: prod.id,
              name: "web",
              description: "",
              keyHash: "h",
              keyPrefix: "rp_abcd",
              keySuffix: "wxyz",
            })
          );
          const snapshot = await store.read((tx) => tx.feed.snapshot());
          assert.deepEqual(snapshot.sdkKeys.find((k) => k.id === id)?.keyHash, "h");
          assert.deepEqual(snapshot.environments.map((e) => e.name), ["Production", "Development"]);
          assert.ok(await store.write((tx) => tx.sdkKeys.delete(id)));

          const apiKey = await store.write((tx) =>
            tx.apiKeys.create({
              id: crypto.randomUUID(),
              workspaceId: workspace.id,
              name: "ci",
              description: "",
              keyHash: "k",
              keyPrefix: "rpa_1234",
              keySuffix: "abcd",
              scopes: ["config:read", "config:write"],
              projectIds: [project.id],
              expiresAt: null,
              createdBy: null,
            })
          );
          await store.write((tx) => tx.apiKeys.touch(apiKey.id));
          const loaded = await store.read((tx) => tx.apiKeys.get(apiKey.id));
          assert.deepEqual(loaded?.scopes, ["config:read", "config:write"]);
          assert.ok(loaded?.lastUsedAt);

          const user = await store.write(async (tx) => {
            const u = await tx.users.create("ada@example.com", "Ada");
            await tx.users.setPasswordHash(u.id, "$argon2id$x");
            await tx.users.createSession({
              tokenHash: "t1",
              userId: u.id,
              expiresAt: new Date(Date.now() + 60_000).toISOString(),
              ip: "127.0.0.1",
              userAgent: "test",
            });
            return u;
          });
          await store.read(async (tx) => {
            assert.equal(await tx.users.count(), 1);
            assert.equal((await tx.users.getByEmail("ada@example.com"))?.id, user.id);
            assert.equal(await tx.users.passwordHash(user.id), "$argon2id$x");
            assert.equal((await tx.users.session("t1"))?.userId, user.id);
            const roles = await tx.roles.forEmail("ada@example.com");
            assert.deepEqual(roles.workspaces, [{ workspaceId: workspace.id, role: "admin" }]);
          });
        });

        await t.step("the audit log filters and pages newest first", async () => {
          await store.write(async (tx) => {
            for (let i = 0; i < 5; i++) {
              await tx.audit.append({
                workspaceId: workspace.id,
                projectId: project.id,
                configName: i % 2 ? "a" : "b",
                actor: { type: "user", id: "u-1", label: "ada@example.com" },
                action: "config.update",
                targetType: "config",
                targetId: String(i),
                before: { v: i },
                after: { v: i + 1 },
                requestId: null,
              });
            }
          });
          const first = await store.read((tx) =>
            tx.audit.query({ projectId: project.id, limit: 2 })
          );
          assert.deepEqual(first.map((e) => e.targetId), ["4", "3"]);
          const next = await store.read((tx) =>
            tx.audit.query({ projectId: project.id, limit: 10, before: first[1]!.id })
          );
          assert.deepEqual(next.map((e) => e.targetId), ["2", "1", "0"]);
          const onlyA = await store.read((tx) => tx.audit.query({ configName: "a", limit: 10 }));
          assert.deepEqual(onlyA.map((e) => e.targetId), ["3", "1"]);
          assert.deepEqual(onlyA[0]!.after, { v: 4 });
        });

        await t.step("the audit log and version history reject UPDATE and DELETE", async () => {
          for (
            const statement of [
              "UPDATE audit_log SET action = 'x'",
              "DELETE FROM audit_log",
              "UPDATE config_versions SET version = 99",
              "DELETE FROM config_versions",
            ]
          ) {
            await assert.rejects(
              store.write((tx) => tx.db.run(statement)),
              /append-only/,
              statement,
            );
          }
        });

        await t.step("deleting a workspace tells replicas each project is gone", async () => {
          const head = await store.read((tx) => tx.feed.head());
          await store.write((tx) => tx.workspaces.delete(workspace.id));
          const changes = await store.read((tx) => tx.feed.after(head, 10));
          assert.deepEqual(changes.map((c) => c.kind), ["project_deleted"]);
          assert.equal(await store.read((tx) => tx.projects.get(project.id)), null);
        });

        await t.step("reopening is idempotent; a newer schema is refused", async () => {
          await store.close();
          store = await harness.open();
          await store.write((tx) =>
            tx.db.run(
              `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'future', $2)`,
              [MIGRATIONS[store.dialect].length + 1, new Date().toISOString()],
            )
          );
          await store.close();
          await assert.rejects(harness.open(), SchemaTooNewError);
        });
      } finally {
        await store.close().catch(() => {});
        await harness.cleanup();
      }
    },
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
