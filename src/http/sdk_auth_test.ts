import assert from "node:assert/strict";
import { generateKey } from "../auth/keys.ts";
import { silentLogger } from "../log.ts";
import { replicaTables } from "../replica/replica.ts";
import { openReplicaDb } from "../replica/replica_db.ts";
import { SdkKeys } from "./sdk_auth.ts";

Deno.test("SdkKeys checks the replica, remembers valid keys only, and forgets on revocation", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-sdk-auth-" });
  const db = openReplicaDb(`${dir}/replica.db`, silentLogger);
  try {
    const r = replicaTables(db);
    const id = crypto.randomUUID();
    const { key, hash } = generateKey("sdk", id);
    const keys = new SdkKeys(r);
    assert.equal(keys.authenticate(key), null, "not replicated yet");
    const row = { id, keyHash: hash, projectId: "p", environmentId: "e" };
    r.putKey(row);
    assert.equal(keys.authenticate(key)?.environmentId, "e", "a miss was not remembered");
    assert.equal(
      keys.authenticate(key.slice(0, 10) + (key[10] === "a" ? "b" : "a") + key.slice(11)),
      null,
    );
    assert.equal(keys.authenticate("rp_short"), null);

    r.deleteKey(id);
    assert.equal(
      keys.authenticate(key)?.environmentId,
      "e",
      "remembered until a revocation is applied",
    );
    keys.apply([{ kind: "config_delete", environmentId: "e", name: "x", revision: 2 }]);
    assert.equal(keys.authenticate(key)?.id, id);
    keys.apply([{ kind: "environment_revoked", environmentId: "other" }]);
    assert.equal(keys.authenticate(key), null);
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
