import assert from "node:assert/strict";
import { readBytes, readJson } from "./body.ts";
import { AppError } from "./errors.ts";

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request("http://x/", { method: "POST", body, headers });

function chunked(...parts: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(c) {
      for (const p of parts) c.enqueue(typeof p === "string" ? new TextEncoder().encode(p) : p);
      c.close();
    },
  });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    return error;
  }
  throw new Error("expected an AppError");
}

Deno.test("readBytes() stops at the limit, declared or streamed", async () => {
  assert.deepEqual(await readBytes(post("héllo"), 10), new TextEncoder().encode("héllo"));
  assert.deepEqual(await readBytes(post(null), 10), new Uint8Array());
  assert.equal(await readBytes(post("x".repeat(11)), 10), null);
  assert.equal(await readBytes(post("x", { "content-length": "99" }), 10), null);
  assert.equal(await readBytes(post(chunked("123456", "7890a")), 10), null);
  assert.equal((await readBytes(post(chunked("12345", "67890")), 10))?.length, 10);
});

Deno.test("readJson() parses JSON and reads an empty or blank body as undefined", async () => {
  const limits = { action: "save x", maxBytes: 100 };
  assert.deepEqual(await readJson(post('{"a":[1,"é"]}'), limits), { a: [1, "é"] });
  assert.equal(await readJson(post(null), limits), undefined);
  assert.equal(await readJson(post(" \n"), limits), undefined);
});

Deno.test("readJson() answers too large, not UTF-8 and not JSON with 4xx errors naming the action", async () => {
  const limits = { action: "save x", maxBytes: 10 };
  const big = await failure(readJson(post(chunked("[1,2,3,", "4,5,6]")), limits));
  assert.equal(big.status, 413);
  assert.equal(
    big.message,
    "Cannot save x: the request body exceeds 10 bytes; nothing larger than that is read",
  );

  const latin1 = await failure(readJson(post(new Uint8Array([0x22, 0xe9, 0x22])), limits));
  assert.equal(latin1.status, 400);
  assert.equal(latin1.message, "Cannot save x: the request body is not valid UTF-8");
  assert.deepEqual(latin1.issues, [{ path: "", message: "the request body is not valid UTF-8" }]);

  const broken = await failure(readJson(post("{nope"), limits));
  assert.equal(broken.status, 400);
  assert.match(broken.message, /^Cannot save x: the request body is not valid JSON \(.+\)$/);
});
