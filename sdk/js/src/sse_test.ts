import assert from "node:assert/strict";
import { SseParser } from "./sse.ts";
import { Backoff } from "./backoff.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

Deno.test("SseParser reads events split anywhere, with any line ending, keeping ids apart", () => {
  const text = ': connected\r\n\r\nid: 7\ndata: {"a":1}\n\ndata: x\rdata: y\r\r' +
    "id: 8\r\ndata: é\r\n\r\n";
  const whole = new SseParser().push(bytes(text));
  assert.deepEqual(whole, [
    { kind: "comment", text: "connected" },
    { kind: "event", data: '{"a":1}', id: "7" },
    { kind: "event", data: "x\ny" },
    { kind: "event", data: "é", id: "8" },
  ]);
  // Byte by byte (splitting the two bytes of é and every \r\n) gives the same events.
  const parser = new SseParser();
  const split = [...bytes(text)].flatMap((b) => parser.push(new Uint8Array([b])));
  assert.deepEqual(split, whole);
});

Deno.test("Backoff doubles up to its cap with jitter in the upper half, and resets", () => {
  const low = new Backoff({ initialMs: 100, maxMs: 1_000, random: () => 0 });
  assert.deepEqual([1, 2, 3, 4, 5].map(() => low.next()), [
    50,
    100,
    200,
    400,
    500,
  ]);
  low.reset();
  assert.equal(low.next(), 50);
  const high = new Backoff({
    initialMs: 100,
    maxMs: 1_000,
    random: () => 0.999,
  });
  assert.ok(high.next() < 100 && high.next() < 200);
});
