// A time limit on one promise. The work itself is not cancelled (a query on a half-open socket
// cannot be); the caller just stops waiting for it.

/** The rejection of a promise that took longer than its deadline. */
export class DeadlineExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeadlineExceeded";
  }
}

/** `promise`'s outcome, or a DeadlineExceeded after `ms` milliseconds, whichever comes first. */
export function withDeadline<T>(
  promise: Promise<T>,
  ms: number,
  message = `no answer within ${ms} ms`,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(message)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
