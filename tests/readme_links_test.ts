// Every relative link in README.md and docs/*.md points at a file of this repository, so a
// reader (or a packaged copy of the docs) never meets a dead link or one leaving the repository.
import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

function markdownFiles(): string[] {
  const docs = [...Deno.readDirSync(join(ROOT, "docs"))]
    .filter((e) => e.isFile && e.name.endsWith(".md"))
    .map((e) => join(ROOT, "docs", e.name));
  return [join(ROOT, "README.md"), ...docs];
}

/** Link targets outside code blocks and code spans: `[text](target)` and `[ref]: target`. */
export function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
  const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) =>
    m[1]!
  );
  const refs = [...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!);
  return [...inline, ...refs];
}

function isRelative(target: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith("#") &&
    !target.startsWith("//");
}

Deno.test("linkTargets() finds inline and reference links, not code", () => {
  const text = 'See [a](docs/a.md) and [b](<b.md> "t").\n`[x](no.md)`\n```\n[y](no.md)\n```\n' +
    "[ref]: ../x.md\n[web](https://example.com)";
  assert.deepEqual(linkTargets(text), ["docs/a.md", "b.md", "https://example.com", "../x.md"]);
});

Deno.test("README.md and docs/*.md: every relative link resolves to a file in the repository", () => {
  const problems: string[] = [];
  let checked = 0;
  for (const file of markdownFiles()) {
    const text = Deno.readTextFileSync(file);
    for (const target of linkTargets(text).filter(isRelative)) {
      checked++;
      const path = decodeURIComponent(target.split("#")[0]!.split("?")[0]!);
      const full = resolve(dirname(file), path);
      const where = `${relative(ROOT, file)}: ${target}`;
      if (relative(ROOT, full).startsWith("..")) {
        problems.push(`${where} leaves the repository`);
        continue;
      }
      try {
        Deno.statSync(full);
      } catch {
        problems.push(`${where} does not exist`);
      }
    }
  }
  assert.ok(checked > 50, `only ${checked} relative links found: is the link pattern broken?`);
  assert.deepEqual(problems, []);
});
