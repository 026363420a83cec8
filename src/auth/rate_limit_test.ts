import assert from "node:assert/strict";
import fc from "fast-check";
import { RateLimiter, WindowCounter } from "./rate_limit.ts";

function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

Deno.test("RateLimiter.hit() allows `limit` hits per window, then says when to retry", () => {
  const c = clock();
  const rl = new RateLimiter({ limit: 3, windowMs: 60_000, now: c.now });
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(rl.hit("a"), { allowed: true, retryAfterSeconds: 0 });
    c.t += 1_000;
  }
  // First hit was 3 s ago, so it leaves the window in 57 s.
  assert.deepEqual(rl.hit("a"), { allowed: false, retryAfterSeconds: 57 });
  c.t += 56_999;
  assert.deepEqual(rl.hit("a"), { allowed: false, retryAfterSeconds: 1 });
  c.t += 1;
  assert.equal(rl.hit("a").allowed, true);
  // The window slides: the second and third hits still count.
  assert.equal(rl.hit("a").allowed, false);
});

Deno.test("RateLimiter.hit() rounds retryAfterSeconds up and never answers 0 on a denial", () => {
  const c = clock();
  const rl = new RateLimiter({ limit: 1, windowMs: 1_500, now: c.now });
  assert.equal(rl.hit("a").allowed, true);
  assert.deepEqual(rl.hit("a"), { allowed: false, retryAfterSeconds: 2 });
  c.t += 1_499;
  assert.deepEqual(rl.hit("a"), { allowed: false, retryAfterSeconds: 1 });
});

Deno.test("RateLimiter.hit() does not count denied hits", () => {
  const c = clock();
  const rl = new RateLimiter({ limit: 2, windowMs: 10_000, now: c.now });
  rl.hit("a");
  rl.hit("a");
  for (let i = 0; i < 50; i++) {
    c.t += 100;
    assert.equal(rl.hit("a").allowed, false);
  }
  c.t += 10_000;
  assert.equal(rl.hit("a").allowed, true);
  assert.equal(rl.hit("a").allowed, true);
});

Deno.test("RateLimiter keeps keys apart and reset() forgets one", () => {
  const c = clock();
  const rl = new RateLimiter({ limit: 1, windowMs: 10_000, now: c.now });
  assert.equal(rl.hit("a").allowed, true);
  assert.equal(rl.hit("b").allowed, true);
  assert.equal(rl.hit("a").allowed, false);
  rl.reset("a");
  assert.equal(rl.hit("a").allowed, true);
  assert.equal(rl.hit("b").allowed, false);
});

Deno.test("RateLimiter drops keys whose hits have all expired", () => {
  const c = clock();
  const rl = new RateLimiter({ limit: 5, windowMs: 1_000, now: c.now });
  for (let i = 0; i < 100; i++) rl.hit(`k${i}`);
  assert.equal(rl.size, 100);
  c.t += 500;
  rl.hit("k0");
  assert.equal(rl.size, 100);
  c.t += 500;
  rl.hit("fresh");
  // Everything but k0 (hit 500 ms ago) and the new key has expired.
  assert.equal(rl.size, 2);
});

Deno.test("RateLimiter tracks at most maxKeys, forgetting the least recently hit", () => {
  const c = clock();
  const rl = new RateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 3, now: c.now });
  rl.hit("a");
  rl.hit("b");
  rl.hit("c");
  assert.equal(rl.hit("a").allowed, false); // "a" is now the most recently hit
  rl.hit("d"); // evicts "b"
  assert.equal(rl.size, 3);
  assert.equal(rl.hit("a").allowed, false);
  assert.equal(rl.hit("c").allowed, false);
  assert.equal(rl.hit("b").allowed, true); // forgotten, so it starts over (evicting "d")
  assert.equal(rl.size, 3);
});

Deno.test("RateLimiter.hit() matches an exact sliding-window model", () => {
  const step = fc.record({
    key: fc.constantFrom("a", "b", "c"),
    dt: fc.integer({ min: 0, max: 4_000 }),
  });
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 10_000 }),
      fc.array(step, { maxLength: 200 }),
      (limit, windowMs, steps) => {
        const c = clock();
        const rl = new RateLimiter({ limit, windowMs, now: c.now });
        const allowedAt = new Map<string, number[]>();
        for (const { key, dt } of steps) {
          c.t += dt;
          const past = (allowedAt.get(key) ?? []).filter((t) => c.t - t < windowMs);
          const expectAllowed = past.length < limit;
          const r = rl.hit(key);
          assert.equal(r.allowed, expectAllowed);
          if (expectAllowed) {
            past.push(c.t);
            assert.equal(r.retryAfterSeconds, 0);
          } else {
            // Retrying when told must succeed, and a second earlier must not (checked on the model).
            const live = (at: number) => past.filter((t) => at - t < windowMs).length;
            const later = c.t + r.retryAfterSeconds * 1000;
            assert.ok(live(later) < limit);
            assert.ok(live(later - 1000) >= limit);
            assert.ok(r.retryAfterSeconds >= 1);
          }
          allowedAt.set(key, past);
        }
      },
    ),
  );
});

Deno.test("RateLimiter refuses nonsensical options", () => {
  assert.throws(() => new RateLimiter({ limit: 0, windowMs: 1 }), /limit 0/);
  assert.throws(() => new RateLimiter({ limit: 1.5, windowMs: 1 }), /limit 1.5/);
  assert.throws(() => new RateLimiter({ limit: 1, windowMs: 0 }), /windowMs 0/);
  assert.throws(() => new RateLimiter({ limit: 1, windowMs: NaN }), /windowMs NaN/);
  assert.throws(() => new RateLimiter({ limit: 1, windowMs: 1, maxKeys: 0 }), /maxKeys 0/);
});

Deno.test("WindowCounter allows `limit` per window, weighs the previous window, says when", () => {
  let now = 60_000 * 10;
  const counter = new WindowCounter({ limit: 100, windowMs: 60_000, now: () => now });
  for (let i = 0; i < 100; i++) assert.equal(counter.hit("a").allowed, true);
  const denied = counter.hit("a");
  assert.equal(denied.allowed, false);
  assert.equal(denied.retryAfterSeconds, 60, "the next window, where this one weighs less");
  assert.equal(counter.hit("b").allowed, true, "keys are counted apart");
  // Half into the next window the previous one still counts half: 50 more are allowed.
  now += 90_000;
  let allowed = 0;
  while (counter.hit("a").allowed) allowed++;
  assert.equal(allowed, 50);
  const later = counter.hit("a");
  assert.ok(later.retryAfterSeconds >= 1 && later.retryAfterSeconds <= 60);
  // Two windows later nothing of it is left.
  now += 120_000;
  assert.equal(counter.hit("a").allowed, true);
});

Deno.test("WindowCounter keeps at most maxKeys keys", () => {
  const counter = new WindowCounter({ limit: 1, windowMs: 1_000, maxKeys: 3, now: () => 5 });
  for (const k of ["a", "b", "c", "d"]) counter.hit(k);
  assert.equal(counter.size, 3);
  assert.equal(counter.hit("a").allowed, true, "the oldest key was forgotten");
  assert.throws(() => new WindowCounter({ limit: 0, windowMs: 1 }), /limit 0/);
});
