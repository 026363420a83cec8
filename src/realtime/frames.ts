// SSE frames, encoded once and shared: the hub writes the same bytes to every subscriber.
// Wire JSON never holds a raw newline (JSON.stringify escapes it), so a frame's data is one line.
const encoder = new TextEncoder();

export type Frame = Uint8Array<ArrayBuffer>;

export const CONNECTED_FRAME: Frame = encoder.encode(": connected\n\n");
export const PING_FRAME: Frame = encoder.encode(": ping\n\n");

export function changeFrame(revision: number, configJson: string): Frame {
  return encoder.encode(
    `id: ${revision}\ndata: {"type":"config_change","config":${configJson}}\n\n`,
  );
}

export function deleteFrame(revision: number, name: string): Frame {
  return encoder.encode(
    `id: ${revision}\ndata: {"type":"config_delete","name":${JSON.stringify(name)}}\n\n`,
  );
}

export function initFrame(revision: number, configJsons: Iterable<string>): Frame {
  return encoder.encode(
    `id: ${revision}\ndata: {"type":"init","configs":[${[...configJsons].join(",")}]}\n\n`,
  );
}
