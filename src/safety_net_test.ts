import assert from "node:assert/strict";

const NET = new URL("./safety_net.ts", import.meta.url).href;
const LOG = new URL("./log.ts", import.meta.url).href;

/** Runs a script that rejects a promise and throws from a timer, with or without the net. */
async function survive(withNet: boolean) {
  const script = `
    import { installSafetyNet } from "${NET}";
    import { createLogger } from "${LOG}";
    if (${withNet}) installSafetyNet(createLogger({ format: "json" }));
    Promise.reject(new Error("nobody handles this"));
    setTimeout(() => { throw new Error("thrown from a timer"); }, 0);
    setTimeout(() => console.log("still alive"), 100);
  `;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=ts", script],
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

Deno.test("installSafetyNet() logs stray rejections and exceptions instead of exiting", async () => {
  const run = await survive(true);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /still alive/);
  assert.match(
    run.stderr,
    /"msg":"Unhandled promise rejection; the process goes on".*nobody handles this/,
  );
  assert.match(run.stderr, /"msg":"Uncaught exception; the process goes on".*thrown from a timer/);
});

Deno.test("without the safety net the same script dies", async () => {
  const run = await survive(false);
  assert.notEqual(run.code, 0);
  assert.doesNotMatch(run.stdout, /still alive/);
});
