// What an environment's subscribers have not all been sent yet: a log of frames in sequence
// order that keeps only the two newest per config name. Each connection holds one integer,
// `cursor`: the sequence it has been sent up to. A pass walks the subscribers and sends each
// one the entries after its cursor, then moves its cursor to the head. A change appended while
// a pass is at subscriber p reaches the subscribers after p in this pass and those before p in
// the next, which starts at once; so after a burst every subscriber holds the newest state
// within about one pass, however many changes came meanwhile. Keeping two per name, not one,
// means a stream the pass reaches late still gets every value while a config changes at most
// once per pass (a second frame in a serve costs ~4 µs, the write it rides on ~15 µs). Streams
// that connect start at the head (their first frames hold the state). When a pass ends, the
// entries every subscriber has passed are dropped.
import type { Connection } from "./connection.ts";
import type { Frame } from "./frames.ts";

/** A log key that no config name can take (names match ^[A-Za-z0-9_-]+$). */
const HEARTBEAT = ":ping";
/** Frames kept per config name. */
const KEEP = 2;

type Entry = { seq: number; name: string; frame: Frame | null; revision: number };

export class Feed {
  /** The sequence of the newest entry; connections that are up to date have this cursor. */
  head = 0;
  /** Entries by sequence, oldest first. */
  readonly #log = new Map<number, Entry>();
  /** The sequences in the log of each name, oldest first. */
  readonly #names = new Map<string, number[]>();
  #walk: Iterator<Connection> | null = null;
  /** The next connection to serve, met when the budget was spent. */
  #held: Connection | null = null;
  /** The lowest cursor left behind by the current pass. */
  #low = 0;
  /** The entries after one cursor, reused while the head stays (neighbours share a cursor). */
  #after: { cursor: number; head: number; entries: Entry[] } | null = null;

  constructor(readonly subscribers: Set<Connection>) {}

  /** Frames not yet sent to every subscriber (at most two per config name). */
  get size(): number {
    return this.#log.size;
  }

  /** True while a pass is under way. */
  get walking(): boolean {
    return this.#walk !== null;
  }

  append(name: string, frame: Frame, revision = 0): void {
    this.#push(name, frame, revision);
  }

  /** A heartbeat, sent (by Connection.ping) to whoever is not behind. */
  heartbeat(): void {
    this.#push(HEARTBEAT, null, 0);
  }

  /**
   * Continues the pass (starting one if none is under way) until about `budget` frames have
   * been sent. Returns what is left of the budget; the feed is done when `walking` is false.
   */
  step(budget: number): number {
    if (this.#walk === null) {
      if (this.#log.size === 0) return budget;
      this.#start();
    }
    for (;;) {
      let c = this.#held;
      this.#held = null;
      if (c === null) {
        const next = this.#walk!.next();
        if (next.done) {
          this.#trim();
          if (this.head === this.#low) {
            this.#walk = null;
            return Math.max(0, budget);
          }
          this.#start(); // something was appended during the pass: the early ones need it
          continue;
        }
        c = next.value;
      }
      if (c.cursor < this.head) {
        // Held over rather than stopping before it, so a set that fits the budget finishes now.
        if (budget <= 0) {
          this.#held = c;
          return 0;
        }
        budget -= this.#serve(c);
      }
      if (c.cursor < this.#low) this.#low = c.cursor;
    }
  }

  /** Forgets pending frames and the pass (the streams are being closed). */
  clear(): void {
    this.#log.clear();
    this.#names.clear();
    this.#walk = null;
    this.#held = null;
    this.#after = null;
  }

  #push(name: string, frame: Frame | null, revision: number): void {
    const seq = ++this.head;
    this.#log.set(seq, { seq, name, frame, revision });
    const seqs = this.#names.get(name);
    if (!seqs) return void this.#names.set(name, [seq]);
    seqs.push(seq);
    if (seqs.length > (frame === null ? 1 : KEEP)) this.#log.delete(seqs.shift()!);
  }

  #start(): void {
    this.#walk = this.subscribers.values();
    this.#low = this.head;
  }

  /** Sends `c` what it has not had; returns how many frames that was. */
  #serve(c: Connection): number {
    const entries = this.#entriesAfter(c.cursor);
    for (const e of entries) {
      if (e.frame === null) c.ping();
      else c.send(e.name, e.frame, e.revision);
    }
    c.cursor = this.head;
    return entries.length;
  }

  #entriesAfter(cursor: number): Entry[] {
    const cached = this.#after;
    if (cached && cached.cursor === cursor && cached.head === this.head) return cached.entries;
    const entries: Entry[] = [];
    for (const e of this.#log.values()) if (e.seq > cursor) entries.push(e);
    this.#after = { cursor, head: this.head, entries };
    return entries;
  }

  /** Drops the entries every subscriber has been sent (the log is in sequence order). */
  #trim(): void {
    for (const [seq, e] of this.#log) {
      if (seq > this.#low) break;
      this.#log.delete(seq);
      const seqs = this.#names.get(e.name)!;
      seqs.shift(); // the oldest of its name is the one trimmed first
      if (seqs.length === 0) this.#names.delete(e.name);
    }
    this.#after = null;
  }
}
