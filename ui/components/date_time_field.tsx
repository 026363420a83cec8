// A date and time in the browser's time zone (named beside the field), given and taken as an
// ISO-8601 UTC string, or "" while empty or incomplete.
import { Field } from "./ui.tsx";

const pad = (n: number) => String(n).padStart(2, "0");

/** The ISO time as a datetime-local value in this browser's zone, to the second. */
export function localInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${
    pad(d.getMinutes())
  }:${pad(d.getSeconds())}`;
}

/** This browser's zone, as "Europe/Amsterdam (UTC+01:00)". */
export function zoneName(at = new Date()): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone ?? "local time";
  const offset = -at.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${zone} (UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)})`;
}

export function DateTimeField(
  { label, value, onValue, hint, required }: {
    label: string;
    value: string;
    onValue: (iso: string) => void;
    hint?: string;
    required?: boolean;
  },
) {
  return (
    <Field label={label} hint={`${hint ? `${hint} ` : ""}Time zone: ${zoneName()}.`}>
      {(id, describedBy) => (
        <input
          id={id}
          type="datetime-local"
          step={1}
          required={required}
          aria-describedby={describedBy}
          value={value ? localInput(value) : ""}
          onInput={(e) => {
            const text = (e.target as HTMLInputElement).value;
            const d = text ? new Date(text) : null;
            onValue(d && !Number.isNaN(d.getTime()) ? d.toISOString() : "");
          }}
        />
      )}
    </Field>
  );
}
