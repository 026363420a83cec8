import assert from "node:assert/strict";
import { Webhook } from "standardwebhooks";
import { newWebhookSecret, signature, signedHeaders } from "./webhook_signature.ts";

Deno.test("signedHeaders() verify with the standardwebhooks reference implementation", () => {
  const secret = newWebhookSecret();
  assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  const body = JSON.stringify({ id: "evt_1", type: "config.update", data: { ü: "ß" } });
  const now = Math.floor(Date.now() / 1000);
  const headers = signedHeaders([secret], "evt_1", now, body);
  assert.deepEqual(new Webhook(secret).verify(body, headers), JSON.parse(body));
  assert.equal(
    new Webhook(secret).sign("evt_1", new Date(now * 1000), body),
    signature(secret, "evt_1", now, body),
  );
});

Deno.test("signedHeaders() with two secrets verify under either; a tampered body under none", () => {
  const [a, b] = [newWebhookSecret(), newWebhookSecret()];
  const body = `{"id":"evt_2"}`;
  const now = Math.floor(Date.now() / 1000);
  const headers = signedHeaders([a, b], "evt_2", now, body);
  assert.equal(headers["webhook-signature"]!.split(" ").length, 2);
  new Webhook(a).verify(body, headers);
  new Webhook(b).verify(body, headers);
  assert.throws(() => new Webhook(a).verify(`{"id":"evt_3"}`, headers));
  assert.throws(() => new Webhook(newWebhookSecret()).verify(body, headers));
});
