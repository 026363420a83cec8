// Reading /metrics in tests: scrape, pick samples, and check the text with promtool.
import assert from "node:assert/strict";

export type Sample = { name: string; labels: Record<string, string>; value: number };

export async function scrape(url: string, token?: string): Promise<string> {
  const res = await fetch(`${url}/metrics`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  const text = await res.text();
  assert.equal(res.status, 200, `GET /metrics answered ${res.status}: ${text}`);
  assert.match(res.headers.get("content-type") ?? "", /^text\/plain/);
  return text;
}

/** Every sample of the exposition (HELP and TYPE lines skipped). */
export function parseSamples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `unparsable metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of m[2]?.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g) ?? []) {
      labels[k!] = v!;
    }
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** The sum of the samples of `name` whose labels include `labels`; undefined when none. */
export function value(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const matching = parseSamples(text).filter((s) =>
    s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)
  );
  return matching.length === 0 ? undefined : matching.reduce((n, s) => n + s.value, 0);
}

/** value(), failing when the series is absent. */
export function must(text: string, name: string, labels: Record<string, string> = {}): number {
  const v = value(text, name, labels);
  assert.notEqual(v, undefined, `no sample ${name}${JSON.stringify(labels)} in:\n${text}`);
  return v!;
}

const promtool = await (async () => {
  try {
    const out = await new Deno.Command("promtool", { args: ["--version"], stdout: "null" })
      .output();
    return out.success;
  } catch {
    return false;
  }
})();

/** In CI a missing promtool fails (.ci/run installs it); elsewhere the check is skipped. */
export const promtoolMissing = !promtool && Deno.env.get("CI") !== "true";

/** Runs `promtool check metrics` on `text`; fails with its complaints. */
export async function assertPromtoolAccepts(text: string): Promise<void> {
  const child = new Deno.Command("promtool", {
    args: ["check", "metrics"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const out = await child.output();
  const said = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.ok(out.success, `promtool check metrics refused the output:\n${said}`);
}
