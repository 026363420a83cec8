// Readable output: aligned columns and one-line JSON previews.

/** Rows under a header, each column as wide as its widest cell. */
export function table(header: string[], rows: string[][]): string {
  if (rows.length === 0) return "(none)";
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? "")].length)));
  return all
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  "))
    .map((line) => line.trimEnd())
    .join("\n");
}

/** A JSON value on one line, cut to `max` characters. */
export function preview(value: unknown, max = 60): string {
  const text = JSON.stringify(value) ?? "undefined";
  return [...text].length > max ? [...text].slice(0, max - 1).join("") + "…" : text;
}

/** "2026-01-02T03:04:05.678Z" → "2026-01-02 03:04:05". */
export function shortTime(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "");
}
