import assert from "node:assert/strict";
import { type ClientState, clientView, configDrift, parseUserAgent } from "./drift.ts";
import { clientIdOf, Receipts } from "./receipts.ts";

Deno.test("parseUserAgent() reads name/version from the first token", () => {
  assert.deepEqual(parseUserAgent("replane-js-sdk/1.0.4"), {
    name: "replane-js-sdk",
    version: "1.0.4",
  });
  assert.deepEqual(parseUserAgent("Deno/2.9.6 (x86_64)"), { name: "Deno", version: "2.9.6" });
  assert.deepEqual(parseUserAgent("curl"), { name: "curl", version: null });
  assert.deepEqual(parseUserAgent(""), { name: "unknown", version: null });
});

const client = (over: Partial<ClientState>): ClientState => ({
  clientId: "c",
  instanceId: "i",
  userAgent: "replane-js-sdk/1.0.4",
  address: "10.0.0.1",
  connectedAt: 0,
  sentRevision: 0,
  ackedRevision: null,
  ackedAt: null,
  behind: false,
  ...over,
});

Deno.test("configDrift() counts delivered, applied and behind per config revision", () => {
  const clients = [
    client({ sentRevision: 9, ackedRevision: 9 }),
    client({ sentRevision: 9, ackedRevision: 7 }),
    client({ sentRevision: 5, behind: true }),
  ];
  assert.deepEqual(configDrift([{ name: "a", revision: 9 }, { name: "b", revision: 4 }], clients), [
    { name: "a", revision: 9, clients: 3, delivered: 2, applied: 1, behind: 1, oldestRevision: 5 },
    {
      name: "b",
      revision: 4,
      clients: 3,
      delivered: 3,
      applied: 2,
      behind: 0,
      oldestRevision: null,
    },
  ]);
  const view = clientView(clients[2]!, 9);
  assert.equal(view.delivered, false);
  assert.equal(view.applied, false);
  assert.equal(view.reading, false);
  assert.equal(clientView(clients[0]!, 9).applied, true);
});

Deno.test("Receipts keeps the newest revision per client and forgets the oldest client when full", () => {
  const r = new Receipts(2);
  r.record("k", "a", 5);
  r.record("k", "a", 3);
  assert.equal(r.get("k", "a")!.revision, 5);
  r.record("k", "b", 1);
  r.record("k", "c", 1);
  assert.equal(r.size, 2);
  assert.equal(r.get("k", "a"), undefined);
  assert.equal(r.get("other", "b"), undefined);
  assert.equal(clientIdOf("pod-7", "1.2.3.4", "ua"), "pod-7");
  assert.equal(clientIdOf("bad id!", "1.2.3.4", "ua"), "1.2.3.4 ua");
});
