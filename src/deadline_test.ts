import assert from "node:assert/strict";
import { DeadlineExceeded, withDeadline } from "./deadline.ts";

Deno.test("withDeadline() passes on a result or an error that comes in time", async () => {
  assert.equal(await withDeadline(Promise.resolve(7), 1_000), 7);
  await assert.rejects(withDeadline(Promise.reject(new TypeError("boom")), 1_000), TypeError);
});

Deno.test("withDeadline() rejects with DeadlineExceeded when the promise is late", async () => {
  const never = new Promise<never>(() => {});
  await assert.rejects(withDeadline(never, 10), (error) => {
    assert.ok(error instanceof DeadlineExceeded);
    assert.equal(error.message, "no answer within 10 ms");
    return true;
  });
  await assert.rejects(withDeadline(never, 10, "Reading x took over 10 ms"), {
    name: "DeadlineExceeded",
    message: "Reading x took over 10 ms",
  });
});
