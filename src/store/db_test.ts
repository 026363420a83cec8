import assert from "node:assert/strict";
import { isUnavailable, PrimaryUnavailableError, unavailableReason } from "./db.ts";

Deno.test("unavailableReason() recognizes connection failures and nothing else", () => {
  const withCode = (code: string) => Object.assign(new Error("x"), { code });
  assert.equal(unavailableReason(withCode("ECONNREFUSED")), "connection refused");
  assert.equal(unavailableReason(withCode("CONNECT_TIMEOUT")), "timed out while connecting");
  assert.equal(unavailableReason(withCode("CONNECTION_CLOSED")), "connection closed");
  assert.equal(unavailableReason(withCode("CONNECTION_DESTROYED")), "connection closed");
  assert.equal(unavailableReason(withCode("57P01")), "the server is shutting down");
  assert.equal(unavailableReason(withCode("57P03")), "the server is starting up or shutting down");
  assert.equal(unavailableReason(withCode("08006")), "connection failure");
  // Nested: AggregateError (several addresses) and causes.
  const aggregate = Object.assign(new Error("all failed"), { errors: [withCode("ECONNRESET")] });
  assert.equal(unavailableReason(aggregate), "connection reset");
  assert.equal(
    unavailableReason(new Error("x", { cause: withCode("EPIPE") })),
    "connection broken",
  );
  assert.equal(unavailableReason(new PrimaryUnavailableError("schema too new")), "schema too new");

  for (const other of [withCode("23505"), withCode("42P01"), new Error("boom"), null, "text"]) {
    assert.equal(isUnavailable(other), false);
  }
});
