import assert from "node:assert/strict";
import { credential, MAX_BODY_BYTES, parseContext, ParseProblem, readBody } from "./request.ts";

Deno.test("credential() takes Bearer first, then X-API-Key", () => {
  assert.equal(credential(new Headers({ authorization: "bearer  k1 " })), "k1");
  assert.equal(credential(new Headers({ "x-api-key": " k2 " })), "k2");
  assert.equal(credential(new Headers({ authorization: "Basic x", "x-api-key": "k2" })), null);
  assert.equal(credential(new Headers()), null);
});

Deno.test("parseContext() names each problem with the protocol's code", () => {
  const code = (text: string) => {
    const r = parseContext(text);
    return r instanceof ParseProblem ? r.code : "ok";
  };
  assert.equal(code(""), "PARSE_ERROR");
  assert.equal(code("{"), "PARSE_ERROR");
  assert.equal(code("null"), "PARSE_ERROR");
  assert.equal(code('{"ctx":{}}'), "INVALID_CONTEXT");
  assert.equal(code('{"context":"a"}'), "INVALID_CONTEXT");
  assert.equal(code('{"context":{"targetingKey":false}}'), "INVALID_CONTEXT");
  assert.equal(code('{"context":{"targetingKey":"u","x":[1]},"extra":1}'), "ok");
  // A context shaped like a problem is still a context.
  assert.deepEqual(parseContext('{"context":{"code":"a","details":"b"}}'), {
    code: "a",
    details: "b",
  });
});

Deno.test("readBody() refuses a body over the limit, with or without Content-Length", async () => {
  const big = "x".repeat(MAX_BODY_BYTES + 1);
  const sized = await readBody(new Request("http://h/", { method: "POST", body: big }));
  assert.ok(sized instanceof ParseProblem && sized.code === "INVALID_CONTEXT");
  const stream = new ReadableStream({
    start(c) {
      c.enqueue(new TextEncoder().encode(big));
      c.close();
    },
  });
  const streamed = await readBody(new Request("http://h/", { method: "POST", body: stream }));
  assert.ok(streamed instanceof ParseProblem);
  assert.equal(await readBody(new Request("http://h/", { method: "POST", body: "{}" })), "{}");
});
