// Parsers for single settings, each with the message its variable gets when it is wrong.
import { z } from "zod";

export const bool = z.string().trim().toLowerCase().transform((s, ctx) => {
  if (["true", "1", "yes", "on"].includes(s)) return true;
  if (["false", "0", "no", "off", ""].includes(s)) return false;
  ctx.addIssue({ code: "custom", message: `must be true or false (got "${s}")` });
  return z.NEVER;
});

export const int = (min: number, max: number) =>
  z.string().trim().transform((s, ctx) => {
    const n = Number(s);
    if (s === "" || !Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({
        code: "custom",
        message: `must be a whole number from ${min} to ${max} (got "${s}")`,
      });
      return z.NEVER;
    }
    return n;
  });

export const url = (protocols: string[]) =>
  z.string().trim().refine((s) => {
    try {
      return protocols.includes(new URL(s).protocol);
    } catch {
      return false;
    }
  }, { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}` });

export const path = z.string().trim().min(1, "must not be empty");

/** Replane passes PEM text; Dialtone has always taken a file path. Either works. */
export const sslCa = z.string().transform((raw, ctx): { pem: string } | { path: string } => {
  const s = raw.trim();
  if (s === "") {
    ctx.addIssue({ code: "custom", message: "must not be empty" });
    return z.NEVER;
  }
  if (!s.startsWith("-----BEGIN")) return { path: s };
  // A PEM pasted into a one-line setting often arrives with literal \n for its line breaks.
  const pem = s.includes("\n") ? s : s.replaceAll("\\n", "\n");
  if (!/-----END [A-Z0-9 ]+-----/.test(pem)) {
    ctx.addIssue({
      code: "custom",
      message: "starts with -----BEGIN, so it is read as PEM text, but it has no -----END line",
    });
    return z.NEVER;
  }
  return { pem: pem + "\n" };
});

/** Replane adds a missing leading slash and drops trailing ones; so does Dialtone. */
export const healthPath = z.string().trim().transform((raw, ctx) => {
  const s = `/${raw.replace(/^\/+/, "").replace(/\/+$/, "")}`;
  if (s === "/") {
    ctx.addIssue({ code: "custom", message: `must name a path other than / (got "${raw}")` });
    return z.NEVER;
  }
  return s;
});

export const replaneHint = (what: string) =>
  `Replane accepted shorter ones; ${what}. Make one with \`openssl rand -base64 48\``;
