// Small display helpers.
const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86400],
  ["month", 30 * 86400],
  ["week", 7 * 86400],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];

export function ago(iso: string | null | undefined): string {
  if (!iso) return "never";
  const seconds = (Date.parse(iso) - Date.now()) / 1000;
  if (!Number.isFinite(seconds)) return iso;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

const ZONED = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "long" });

/** A date and time in this browser's zone, naming the zone: "Dec 3, 2026, 9:00:00 AM UTC". */
export function zonedTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : ZONED.format(d);
}

/** One line of JSON, cut to `max` characters. */
export function preview(value: unknown, max = 60): string {
  const text = value === undefined ? "" : JSON.stringify(value);
  return text.length > max ? text.slice(0, max - 1) + "…" : text;
}

export function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? "";
}

export function plural(n: number, one: string, many = one + "s"): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function randomSeed(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export const CONFIG_NAME = /^[A-Za-z0-9_-]{1,100}$/;
