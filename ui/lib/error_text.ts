// Server error text as the dashboard shows it: each problem said once, and the config-name
// rule in words rather than the regex the server quotes.
import type { Issue } from "./types.ts";

const NAME_RULE = "must be 1 to 100 letters, digits, hyphens or underscores";

/** Rewrites the server's regexes for rules a user knows by description. */
export const readable = (text: string): string =>
  text.replaceAll("must match ^[A-Za-z0-9_-]{1,100}$", NAME_RULE);

/** The message without the first issue the server appended to it ("Cannot x: <issue>"). */
export function headline(message: string, issues: readonly Issue[]): string {
  const first = issues[0];
  if (!first) return readable(message);
  const at = message.indexOf(`: ${first.path || first.message}`);
  return at > 0 ? `${message.slice(0, at)}.` : readable(message);
}

/** An issue's message without the field name its path already shows. */
export function issueMessage(issue: Issue): string {
  const field = /([A-Za-z0-9_$]+)(\[\d+\])*$/.exec(issue.path.slice(-200))?.[0] ?? "";
  const message = field && issue.message.startsWith(`${field} `)
    ? issue.message.slice(field.length + 1)
    : issue.message;
  return readable(message);
}
