// JSON with comments (JSONC), the text Replane keeps config values and schemas in: `//` and
// `/* */` comments and trailing commas are allowed; everything else is strict JSON.

/** Parses JSONC text; throws a SyntaxError naming the problem. */
export function parseJsonc(text: string): unknown {
  return JSON.parse(stripJsonc(text));
}

/** The JSON text left when comments and trailing commas are taken out of `text`. */
export function stripJsonc(text: string): string {
  let out = "";
  let i = 0;
  // A comma is held back until the next significant character shows it is not trailing.
  let pendingComma = false;
  const emit = (s: string) => {
    if (pendingComma && s !== "}" && s !== "]") out += ",";
    pendingComma = false;
    out += s;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      emit(text.slice(i, end + 1));
      i = end + 1;
    } else if (ch === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (ch === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end === -1) throw new SyntaxError("unterminated /* comment");
      i = end + 2;
    } else if (ch === ",") {
      if (pendingComma) emit(",");
      pendingComma = true;
      i++;
    } else if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") {
      i++;
    } else {
      emit(ch);
      i++;
    }
  }
  if (pendingComma) out += ",";
  return out;
}
