// What a CLI command may touch besides the server: its output streams, the environment main.ts
// read, standard input and the terminal. Tests pass their own to capture the output.

export type Io = {
  /** The process environment, as main.ts read it. */
  env: Record<string, string | undefined>;
  /** A line (or block) of the command's result, on standard output. */
  out(text: string): void;
  /** Progress, warnings and errors, on standard error. */
  err(text: string): void;
  /** All of standard input. */
  readStdin(): Promise<string>;
  /** Whether standard input is a terminal (a person, not a pipe). */
  stdinIsTerminal: boolean;
  /** Asks on the terminal without echoing the answer (passwords). */
  promptSecret(question: string): Promise<string>;
  /** The HTTP client (the global fetch, unless a test passes another). */
  fetch: typeof fetch;
};

const encoder = new TextEncoder();

/** The real process: stdout, stderr, stdin and the terminal. */
export function processIo(env: Record<string, string | undefined>): Io {
  return {
    env,
    out: (text) => void Deno.stdout.writeSync(encoder.encode(text + "\n")),
    err: (text) => void Deno.stderr.writeSync(encoder.encode(text + "\n")),
    readStdin: () => new Response(Deno.stdin.readable).text(),
    stdinIsTerminal: Deno.stdin.isTerminal(),
    promptSecret,
    fetch: (input, init) => fetch(input, init),
  };
}

async function promptSecret(question: string): Promise<string> {
  Deno.stderr.writeSync(encoder.encode(question));
  Deno.stdin.setRaw(true);
  const bytes: number[] = [];
  const buffer = new Uint8Array(64);
  try {
    read: while (true) {
      const n = await Deno.stdin.read(buffer);
      if (n === null) break;
      for (const b of buffer.subarray(0, n)) {
        if (b === 3) throw new Error("Cancelled");
        if (b === 13 || b === 10) break read;
        if (b === 127 || b === 8) bytes.pop();
        else bytes.push(b);
      }
    }
  } finally {
    Deno.stdin.setRaw(false);
    Deno.stderr.writeSync(encoder.encode("\n"));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
