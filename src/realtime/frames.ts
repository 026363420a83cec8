// SSE frames, encoded once and shared: the hub writes the same bytes to every subscriber.
// Wire JSON never holds a raw newline (JSON.stringify escapes it), so a frame's data is one line.
const encoder = new TextEncoder();

export type Frame = Uint8Array<ArrayBuffer>;

export const CONNECTED_FRAME: Frame = encoder.encode(": connected\n\n");
export const PING_FRAME: Frame = encoder.encode(": ping\n\n");

// One change can yield several frames with the same revision (a config and the configs that
// reference it). Only the last of them carries `id:`: SSE clients keep the previous id for
// frames without one, so a client cut off inside the group resumes before it, not after.
const idLine = (id: number | null) => (id === null ? "" : `id: ${id}\n`);

export function changeFrame(id: number | null, configJson: string): Frame {
  return encoder.encode(
    `${idLine(id)}data: {"type":"config_change","config":${configJson}}\n\n`,
  );
}

export function deleteFrame(id: number | null, name: string): Frame {
  return encoder.encode(
    `${idLine(id)}data: {"type":"config_delete","name":${JSON.stringify(name)}}\n\n`,
  );
}

export type FrameRef = { stream: string; revision: number };

/**
 * For frames in the order they are sent, the SSE id each one carries: its revision on the last
 * frame of each (stream, revision) group, else null. `null` entries are not frames.
 */
export function frameIds(frames: readonly (FrameRef | null)[]): (number | null)[] {
  const key = (f: FrameRef) => `${f.stream} ${f.revision}`;
  const last = new Map<string, number>();
  frames.forEach((f, i) => f && last.set(key(f), i));
  return frames.map((f, i) => (f && last.get(key(f)) === i ? f.revision : null));
}

export function initFrame(revision: number, configJsons: Iterable<string>): Frame {
  return encoder.encode(
    `id: ${revision}\ndata: {"type":"init","configs":[${[...configJsons].join(",")}]}\n\n`,
  );
}
