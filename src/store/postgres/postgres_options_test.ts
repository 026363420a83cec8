import assert from "node:assert/strict";
import { rootCertPath, tlsProblem, tlsSettings } from "./postgres_options.ts";

const URL_ = "postgres://app:p%40ss@db.internal:5432/app";
const CA = "-----BEGIN CERTIFICATE-----\n...";

Deno.test("tlsSettings() maps sslmode as libpq does, prefer by default", () => {
  const mode = (params: string, ca?: string) => tlsSettings(`${URL_}${params}`, ca);
  assert.equal(mode("").tls, "prefer");
  assert.equal(mode("?sslmode=disable").tls, false);
  assert.equal(mode("?sslmode=allow").tls, "prefer");
  assert.equal(mode("?sslmode=prefer").tls, "prefer");
  assert.equal(mode("?sslmode=require").tls, "require");

  const full = mode("?sslmode=verify-full").tls;
  assert.deepEqual(full, { rejectUnauthorized: true, host: "db.internal" });
  const ca = mode("?sslmode=verify-ca", CA).tls as { ca: string; checkServerIdentity(): unknown };
  assert.equal(ca.ca, CA);
  assert.equal(ca.checkServerIdentity(), undefined); // no host name check
  // A CA upgrades require to a chain check; without sslmode it means verify-full.
  const required = mode("?sslmode=require", CA).tls as { ca: string; rejectUnauthorized: boolean };
  assert.equal(required.ca, CA);
  assert.equal(required.rejectUnauthorized, true);
  assert.equal(mode("", CA).mode, "verify-full");
  assert.equal(mode("?sslrootcert=system").mode, "verify-full");
  assert.deepEqual(tlsSettings("postgres://[::1]:5432/x?sslmode=verify-full").tls, {
    rejectUnauthorized: true,
    host: "::1",
  });
});

Deno.test("tlsSettings() takes the ssl parameters out of the URL and keeps the rest", () => {
  const { url } = tlsSettings(`${URL_}?sslmode=require&sslrootcert=system&application_name=x`);
  assert.equal(url, `${URL_}?application_name=x`);
  assert.equal(tlsSettings(`${URL_}?sslmode=disable`).url, URL_);
});

Deno.test("tlsProblem() names bad modes and client certificates; rootCertPath() finds files", () => {
  assert.equal(tlsProblem(`${URL_}?sslmode=verify-full`), null);
  assert.match(tlsProblem(`${URL_}?sslmode=on`)!, /sslmode must be one of .* \(got "on"\)/);
  assert.match(tlsProblem(`${URL_}?sslcert=/c.pem`)!, /sslcert is not supported/);
  assert.throws(() => tlsSettings(`${URL_}?sslmode=on`), /Cannot use DATABASE_URL: sslmode/);
  assert.equal(rootCertPath(`${URL_}?sslrootcert=/etc/ca.pem`), "/etc/ca.pem");
  assert.equal(rootCertPath(`${URL_}?sslrootcert=system`), null);
  assert.equal(rootCertPath(URL_), null);
});
