import assert from "node:assert/strict";
import { zonedTime } from "./format.ts";

Deno.test("zonedTime() names the zone, and passes through what is not a time", () => {
  const text = zonedTime("2026-12-04T09:00:00.000Z");
  const zone = new Intl.DateTimeFormat(undefined, { timeZoneName: "short" })
    .formatToParts(new Date("2026-12-04T09:00:00.000Z"))
    .find((p) => p.type === "timeZoneName")!.value;
  assert.ok(text.includes(zone), `${text} names ${zone}`);
  assert.equal(zonedTime("soon"), "soon");
  assert.equal(zonedTime(null), "");
});
