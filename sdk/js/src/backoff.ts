// Reconnect delays: exponential, capped, with jitter so a fleet that lost the same server does
// not come back in step. Half the delay is fixed, half random ("equal jitter"), so even the
// first retry waits a little.

export type BackoffOptions = {
  initialMs?: number;
  maxMs?: number;
  random?: () => number;
};

export class Backoff {
  #attempt = 0;
  readonly #initial: number;
  readonly #max: number;
  readonly #random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.#initial = options.initialMs ?? 500;
    this.#max = options.maxMs ?? 30_000;
    this.#random = options.random ?? Math.random;
  }

  /** The delay before the next attempt; each call doubles the ceiling up to maxMs. */
  next(): number {
    const ceiling = Math.min(this.#max, this.#initial * 2 ** this.#attempt);
    this.#attempt = Math.min(this.#attempt + 1, 30);
    return ceiling / 2 + this.#random() * (ceiling / 2);
  }

  reset(): void {
    this.#attempt = 0;
  }
}
