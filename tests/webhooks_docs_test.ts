// docs/webhooks.md's signature checks, run against signatures the dispatcher makes: the
// JavaScript one in-process, the Python one with python3 (skipped where there is none; no Go
// toolchain is assumed).
import assert from "node:assert/strict";
import { newWebhookSecret, signedHeaders } from "../src/auth/webhook_signature.ts";

const doc = await Deno.readTextFile(new URL("../docs/webhooks.md", import.meta.url));
const block = (lang: string) => {
  const match = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(doc);
  if (!match) throw new Error(`docs/webhooks.md has no ${lang} block`);
  return match[1]!;
};

function signed(secrets: string[], body: string, at = Math.floor(Date.now() / 1000)) {
  return signedHeaders(secrets, "evt_docs", at, body);
}

const hasPython = await new Deno.Command("python3", { args: ["--version"] }).output().then(
  (r) => r.success,
  () => false,
);

Deno.test("docs/webhooks.md: the JavaScript check accepts our signatures and refuses others", async () => {
  const url = `data:text/javascript;base64,${btoa(block("js"))}`;
  const { verifyWebhook } = await import(url);
  const [secret, other] = [newWebhookSecret(), newWebhookSecret()];
  const body = JSON.stringify({ id: "evt_docs", type: "config.update", data: { ü: 1 } });
  assert.deepEqual(
    verifyWebhook(secret, new Headers(signed([secret], body)), body),
    JSON.parse(body),
  );
  assert.ok(verifyWebhook(secret, new Headers(signed([other, secret], body)), body));
  assert.throws(
    () => verifyWebhook(other, new Headers(signed([secret], body)), body),
    /does not match/,
  );
  assert.throws(
    () => verifyWebhook(secret, new Headers(signed([secret], body)), body + " "),
    /does not match/,
  );
  const old = signed([secret], body, Math.floor(Date.now() / 1000) - 3600);
  assert.throws(() => verifyWebhook(secret, new Headers(old), body), /too old/);
});

Deno.test({
  name: "docs/webhooks.md: the Python check accepts our signatures and refuses others",
  ignore: !hasPython,
  fn: async () => {
    const [secret, other] = [newWebhookSecret(), newWebhookSecret()];
    const body = JSON.stringify({ id: "evt_docs", type: "config.update", data: { ü: 1 } });
    const run = async (key: string, headers: Record<string, string>, sent: string) => {
      const script = `${block("python")}
import json, sys
args = json.load(sys.stdin)
try:
    print(json.dumps(verify_webhook(args["secret"], args["headers"], args["body"].encode())))
except ValueError as e:
    print("refused:", e)
`;
      const child = new Deno.Command("python3", {
        args: ["-c", script],
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const writer = child.stdin.getWriter();
      await writer.write(
        new TextEncoder().encode(JSON.stringify({ secret: key, headers, body: sent })),
      );
      await writer.close();
      const out = await child.output();
      assert.ok(out.success, new TextDecoder().decode(out.stderr));
      return new TextDecoder().decode(out.stdout).trim();
    };
    assert.deepEqual(JSON.parse(await run(secret, signed([secret], body), body)), JSON.parse(body));
    assert.match(await run(other, signed([secret], body), body), /^refused: webhook signature/);
    assert.match(await run(secret, signed([other, secret], body), body), /^\{/);
    const old = signed([secret], body, Math.floor(Date.now() / 1000) - 3600);
    assert.match(await run(secret, old, body), /^refused: webhook timestamp/);
  },
});
