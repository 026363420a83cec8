import assert from "node:assert/strict";
import { Hono } from "hono";
import { clientIp } from "./client_ip.ts";

async function ipFor(hops: number, forwarded?: string): Promise<string> {
  const app = new Hono();
  app.get("/", (c) => c.text(clientIp(c, hops)));
  const headers: Record<string, string> = forwarded ? { "x-forwarded-for": forwarded } : {};
  const env = { remoteAddr: { hostname: "192.0.2.1", port: 5000, transport: "tcp" } };
  return await (await app.request("/", { headers }, env)).text();
}

Deno.test("clientIp() uses the connection unless proxies are trusted", async () => {
  assert.equal(await ipFor(0, "6.6.6.6"), "192.0.2.1");
  assert.equal(await ipFor(0), "192.0.2.1");
});

Deno.test("clientIp() takes the n-th X-Forwarded-For entry from the right", async () => {
  assert.equal(await ipFor(1, "6.6.6.6, 203.0.113.7"), "203.0.113.7");
  assert.equal(await ipFor(2, "6.6.6.6, 203.0.113.7, 10.0.0.2"), "203.0.113.7");
  assert.equal(await ipFor(3, "203.0.113.7"), "203.0.113.7");
  assert.equal(await ipFor(1), "192.0.2.1");
});

Deno.test("clientIp() answers without a connection (app.request in tests)", async () => {
  const app = new Hono();
  app.get("/", (c) => c.text(clientIp(c, 0)));
  assert.equal(await (await app.request("/")).text(), "unknown");
});
