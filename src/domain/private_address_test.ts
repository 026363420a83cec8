import assert from "node:assert/strict";
import { forbiddenAddress } from "./private_address.ts";

Deno.test("forbiddenAddress() refuses loopback, private, link-local and reserved IPv4", () => {
  for (
    const ip of [
      "127.0.0.1",
      "127.255.1.2",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
    ]
  ) assert.notEqual(forbiddenAddress(ip), null, ip);
});

Deno.test("forbiddenAddress() allows public IPv4", () => {
  for (
    const ip of ["8.8.8.8", "1.1.1.1", "172.15.0.1", "172.32.0.1", "100.128.0.1", "93.184.216.34"]
  ) {
    assert.equal(forbiddenAddress(ip), null, ip);
  }
});

Deno.test("forbiddenAddress() refuses loopback, unique-local, link-local and mapped IPv6", () => {
  for (
    const ip of [
      "::1",
      "[::1]",
      "::",
      "fc00::1",
      "fd12:3456::1",
      "fe80::1%eth0",
      "ff02::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:169.254.169.254",
      "64:ff9b::10.0.0.1",
      "0:0:0:0:0:0:0:1",
    ]
  ) assert.notEqual(forbiddenAddress(ip), null, ip);
});

Deno.test("forbiddenAddress() allows public IPv6 and says what is not an address", () => {
  for (const ip of ["2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8"]) {
    assert.equal(forbiddenAddress(ip), null, ip);
  }
  for (const bad of ["example.com", "1.2.3", "1::2::3", "12345::1", "1.2.3.256"]) {
    assert.equal(forbiddenAddress(bad), "not an IP address", bad);
  }
});
