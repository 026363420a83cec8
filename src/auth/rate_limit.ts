export interface RateLimiterOptions {
  /** Hits allowed per key within any window of windowMs. */
  limit: number;
  windowMs: number;
  /** Most keys tracked at once; when full, the least recently hit key is forgotten. */
  maxKeys?: number;
  /** Clock in ms; injectable for tests. */
  now?: () => number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** 0 when allowed; otherwise whole seconds until this key's next hit would be allowed. */
  retryAfterSeconds: number;
}

export const DEFAULT_MAX_KEYS = 100_000;

/**
 * In-memory sliding-window limiter: a hit is allowed when fewer than `limit` allowed hits of the same
 * key happened in the last `windowMs`. Denied hits are not counted, so hammering does not extend a
 * lockout. Memory is at most maxKeys × limit timestamps; expired keys are dropped as a side effect
 * of hit(), so no timer is needed.
 */
export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;
  // Allowed-hit times per key, oldest first. The Map's order is least recently hit first, which
  // lets expiry and capacity eviction both work from the front.
  readonly #hits = new Map<string, number[]>();

  constructor(options: RateLimiterOptions) {
    const { limit, windowMs, maxKeys = DEFAULT_MAX_KEYS, now = Date.now } = options;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new Error(`Cannot create rate limiter with limit ${limit}: must be an integer >= 1`);
    }
    if (!Number.isFinite(windowMs) || windowMs <= 0) {
      throw new Error(`Cannot create rate limiter with windowMs ${windowMs}: must be > 0`);
    }
    if (!Number.isInteger(maxKeys) || maxKeys < 1) {
      throw new Error(
        `Cannot create rate limiter with maxKeys ${maxKeys}: must be an integer >= 1`,
      );
    }
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#maxKeys = maxKeys;
    this.#now = now;
  }

  /** Records a hit for `key` if it is allowed, and says whether it was. */
  hit(key: string): RateLimitResult {
    const now = this.#now();
    this.#dropExpired(now);
    let times = this.#hits.get(key);
    if (times) {
      this.#hits.delete(key);
      while (times.length > 0 && now - times[0]! >= this.#windowMs) times.shift();
    } else {
      times = [];
      if (this.#hits.size >= this.#maxKeys) {
        const oldest = this.#hits.keys().next();
        if (!oldest.done) this.#hits.delete(oldest.value);
      }
    }
    this.#hits.set(key, times);
    if (times.length < this.#limit) {
      times.push(now);
      return { allowed: true, retryAfterSeconds: 0 };
    }
    const freeAt = times[0]! + this.#windowMs;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now) / 1000)) };
  }

  /** Forgets a key, e.g. after a successful login. */
  reset(key: string): void {
    this.#hits.delete(key);
  }

  /** Number of keys currently tracked. */
  get size(): number {
    return this.#hits.size;
  }

  #dropExpired(now: number): void {
    for (const [key, times] of this.#hits) {
      const last = times[times.length - 1];
      if (last !== undefined && now - last < this.#windowMs) break;
      this.#hits.delete(key);
    }
  }
}

/**
 * Sliding-window counter for high limits (hundreds or thousands a minute): per key only the counts
 * of the current and the previous fixed window, the previous one weighted by how much of it the
 * sliding window still covers. O(1) memory per key where RateLimiter keeps every hit's time; at
 * most `maxKeys` keys, the least recently hit forgotten first. Denied hits are not counted.
 */
export class WindowCounter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;
  readonly #keys = new Map<string, { start: number; current: number; previous: number }>();

  constructor(options: RateLimiterOptions) {
    const { limit, windowMs, maxKeys = DEFAULT_MAX_KEYS, now = Date.now } = options;
    // The same checks as RateLimiter's, with the same messages.
    new RateLimiter({ limit, windowMs, maxKeys, now });
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#maxKeys = maxKeys;
    this.#now = now;
  }

  hit(key: string): RateLimitResult {
    const now = this.#now();
    const w = this.#windowMs;
    const start = now - (now % w);
    let entry = this.#keys.get(key);
    if (entry) {
      this.#keys.delete(key);
      if (entry.start !== start) {
        const previous = entry.start === start - w ? entry.current : 0;
        entry = { start, current: 0, previous };
      }
    } else {
      if (this.#keys.size >= this.#maxKeys) {
        const oldest = this.#keys.keys().next();
        if (!oldest.done) this.#keys.delete(oldest.value);
      }
      entry = { start, current: 0, previous: 0 };
    }
    this.#keys.set(key, entry);
    const elapsed = (now - start) / w;
    const estimate = entry.previous * (1 - elapsed) + entry.current;
    if (estimate < this.#limit) {
      entry.current++;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    // When the estimate drops below the limit: within this window as the previous one's weight
    // fades, or else in the next, as this one's does.
    let waitMs: number;
    if (entry.current < this.#limit && entry.previous > 0) {
      const freeAt = 1 - (this.#limit - entry.current) / entry.previous;
      waitMs = (freeAt - elapsed) * w;
    } else {
      waitMs = (start + w - now) + (1 - this.#limit / Math.max(entry.current, 1)) * w;
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  get size(): number {
    return this.#keys.size;
  }
}
