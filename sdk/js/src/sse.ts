// A streaming parser for Server-Sent Events (the WHATWG event-stream format): bytes in, events
// and comments out. Ours, so the SDK needs no EventSource (which cannot POST or set headers).

export type SseEvent =
  | { kind: "comment"; text: string }
  | {
    kind: "event";
    data: string;
    /** The event's `id:` field when it had one (SSE keeps the previous id for events without). */
    id?: string;
  };

export class SseParser {
  #decoder = new TextDecoder();
  #buffer = "";
  #data: string[] = [];
  #id: string | undefined = undefined;
  #hasData = false;

  /** Feeds a chunk; returns the events it completed. */
  push(chunk: Uint8Array): SseEvent[] {
    this.#buffer += this.#decoder.decode(chunk, { stream: true });
    const out: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < this.#buffer.length; i++) {
      const c = this.#buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      // A lone \r at the chunk's end may be the first half of \r\n: wait for more.
      if (c === 13 && i === this.#buffer.length - 1) break;
      this.#line(this.#buffer.slice(start, i), out);
      if (c === 13 && this.#buffer.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
    this.#buffer = this.#buffer.slice(start);
    return out;
  }

  #line(line: string, out: SseEvent[]): void {
    if (line === "") {
      if (this.#hasData || this.#id !== undefined) {
        const event: SseEvent = { kind: "event", data: this.#data.join("\n") };
        if (this.#id !== undefined) event.id = this.#id;
        if (this.#hasData) out.push(event);
      }
      this.#data = [];
      this.#hasData = false;
      this.#id = undefined;
      return;
    }
    if (line.startsWith(":")) {
      out.push({ kind: "comment", text: line.slice(1).trim() });
      return;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") {
      this.#data.push(value);
      this.#hasData = true;
    } else if (field === "id" && !value.includes("\0")) {
      this.#id = value;
    }
  }
}
