import assert from "node:assert/strict";
import { etagMatches, lastEventId, parseStreamRequest, readBodyText } from "./sdk_request.ts";

Deno.test("parseStreamRequest() accepts any body, keeping only well-formed entries", () => {
  const empty = { currentConfigs: [], requiredConfigs: [] };
  assert.deepEqual(parseStreamRequest(""), empty);
  assert.deepEqual(parseStreamRequest("{}"), empty);
  assert.deepEqual(parseStreamRequest("not json"), empty);
  assert.deepEqual(parseStreamRequest("[1,2]"), empty);
  assert.deepEqual(
    parseStreamRequest(JSON.stringify({
      currentConfigs: [
        { name: "bad name!", value: 1, overrides: [] },
        { name: "x" },
        { value: 3 },
        "nope",
        { name: "x", value: false, overrides: "junk" },
      ],
      requiredConfigs: ["a", 5, "b"],
    })),
    {
      currentConfigs: [
        { name: "bad name!", value: 1, overrides: [] },
        { name: "x", value: false, overrides: [] },
      ],
      requiredConfigs: ["a", "b"],
    },
  );
});

Deno.test("lastEventId() reads whole numbers only", () => {
  assert.equal(lastEventId("42"), 42);
  assert.equal(lastEventId(" 7 "), 7);
  assert.equal(lastEventId("-1"), null);
  assert.equal(lastEventId("1e3"), null);
  assert.equal(lastEventId(undefined), null);
});

Deno.test("etagMatches() compares weakly and understands lists and *", () => {
  assert.equal(etagMatches('"a.1"', '"a.1"'), true);
  assert.equal(etagMatches('W/"a.1"', '"a.1"'), true);
  assert.equal(etagMatches('"x", "a.1"', '"a.1"'), true);
  assert.equal(etagMatches("*", '"a.1"'), true);
  assert.equal(etagMatches('"a.2"', '"a.1"'), false);
  assert.equal(etagMatches(undefined, '"a.1"'), false);
});

Deno.test("readBodyText() reads a body up to the limit, streamed or not", async () => {
  const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
    new Request("http://x/", { method: "POST", body, headers });
  assert.equal(await readBodyText(post("héllo"), 10), "héllo");
  assert.equal(await readBodyText(post(null), 10), "");
  assert.equal(await readBodyText(post("x".repeat(11)), 10), null);
  const chunks = new ReadableStream({
    start(c) {
      c.enqueue(new TextEncoder().encode("123456"));
      c.enqueue(new TextEncoder().encode("7890a"));
      c.close();
    },
  });
  assert.equal(await readBodyText(post(chunks), 10), null, "no Content-Length: counted as read");
});
