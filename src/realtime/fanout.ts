// Fan-out in slices. Handing a frame to 10,000 streams costs the runtime ~15 µs each, 150 ms in
// one go, and admin requests would wait behind it. So work is done a slice of connections at a
// time, yielding to the event loop in between. Jobs run strictly in the order they were given,
// so each connection still receives its frames in revision order.
import type { Connection } from "./connection.ts";

type Job = { targets: Connection[]; next: number; apply: (c: Connection) => void };

export class Fanout {
  #jobs: Job[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly sliceSize: number) {}

  /** Calls `apply` on each target: now when little is to be done, else slice by slice. */
  run(targets: Set<Connection>, apply: (c: Connection) => void): void {
    if (targets.size === 0) return;
    if (this.#jobs.length === 0 && targets.size <= this.sliceSize) {
      for (const c of targets) apply(c);
      return;
    }
    // A copy: streams that subscribe from now on already have this state in their init.
    this.#jobs.push({ targets: [...targets], next: 0, apply });
    if (this.#timer === undefined && this.#jobs.length === 1) this.#pump();
  }

  /** Connections still to be served by queued jobs. */
  get backlog(): number {
    return this.#jobs.reduce((n, j) => n + j.targets.length - j.next, 0);
  }

  /** Drops queued work (the streams are being closed anyway). */
  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#jobs = [];
  }

  #pump(): void {
    this.#timer = undefined;
    let budget = this.sliceSize;
    while (this.#jobs.length > 0 && budget > 0) {
      const job = this.#jobs[0]!;
      const end = Math.min(job.targets.length, job.next + budget);
      for (let i = job.next; i < end; i++) job.apply(job.targets[i]!);
      budget -= end - job.next;
      job.next = end;
      if (job.next === job.targets.length) this.#jobs.shift();
    }
    if (this.#jobs.length > 0) this.#timer = setTimeout(() => this.#pump(), 0);
  }
}
