// Runs the feeds' passes (feed.ts) a slice at a time. Handing a frame to a stream costs ~3 µs,
// and the socket write it starts ~15 µs more once the event loop polls I/O: for 10,000 streams
// in one go, requests would wait ~150 ms. So a turn sends about `sliceSize` frames (frames, not
// connections: in a burst a connection gets two per pass, and counting connections made admin
// PUTs during a burst 1.5–2× slower), round robin over the environments with work, then yields.
// Measured in Deno 2.9: setTimeout(0) waits 1–2 ms when nothing else runs; setImmediate does
// not, but many immediates can run before I/O is polled again (0.5 ms of CPU per turn kept a
// request waiting ~30 ms); with socket writes pending, both let requests through alike. So:
// immediates, and a timer whenever the last one is over IO_EVERY_MS old.
import { clearImmediate, setImmediate } from "node:timers";
import type { Feed } from "./feed.ts";

const IO_EVERY_MS = 16;

export class Fanout {
  readonly #queue = new Set<Feed>();
  /** Cancels the scheduled turn; null when none is. */
  #cancel: (() => void) | null = null;
  #lastTimer = 0;

  /** `onDone` hears of each feed whose pass finished (every subscriber has its entries). */
  constructor(
    private readonly sliceSize: number,
    private readonly onDone: (feed: Feed) => void = () => {},
  ) {}

  /** After appending to `feed`: the first slice now (all of it when it fits), the rest later. */
  kick(feed: Feed): void {
    if (this.#queue.has(feed)) return; // its pass under way picks the new entries up
    feed.step(this.sliceSize);
    if (!feed.walking) return this.onDone(feed);
    this.#queue.add(feed);
    this.#schedule();
  }

  /** Environments with a pass under way. */
  get active(): number {
    return this.#queue.size;
  }

  /** Stops the pass of one feed (its streams are being closed). */
  forget(feed: Feed): void {
    this.#queue.delete(feed);
    feed.clear();
  }

  /** Drops all queued work (the streams are being closed anyway). */
  close(): void {
    this.#cancel?.();
    this.#cancel = null;
    for (const feed of this.#queue) feed.clear();
    this.#queue.clear();
  }

  #schedule(): void {
    if (this.#cancel) return;
    if (performance.now() - this.#lastTimer < IO_EVERY_MS) {
      const immediate = setImmediate(() => this.#pump());
      this.#cancel = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(() => {
        this.#lastTimer = performance.now();
        this.#pump();
      }, 0);
      this.#cancel = () => clearTimeout(timer);
    }
  }

  #pump(): void {
    this.#cancel = null;
    let budget = this.sliceSize;
    for (const feed of this.#queue) {
      if (budget === 0) break;
      budget = feed.step(budget);
      this.#queue.delete(feed);
      if (feed.walking) this.#queue.add(feed); // to the back; the budget is spent
      else this.onDone(feed);
    }
    if (this.#queue.size > 0) this.#schedule();
  }
}
