// `dialtone rotate-key`: re-wraps every project's data key under ENCRYPTION_KEY, on this
// machine's database with the server's settings (docs/sensitive_values.md). Safe while servers
// run: they read data keys wrapped under either key until it is done.
import { loadConfig } from "../config/config.ts";
import { DomainError } from "../domain/errors.ts";
import { createLogger } from "../log.ts";
import { openPrimaryStore } from "../server.ts";
import { rotateEncryptionKeys } from "../service/encryption_keys.ts";
import { boolFlag, noMore, type Parsed } from "./args.ts";
import { CliFailure, UsageError } from "./errors.ts";
import type { Io } from "./io.ts";

export async function rotateKeyCommand(p: Parsed, io: Io): Promise<void> {
  noMore(p, 0);
  const loaded = loadConfig(io.env, p.passthrough);
  if (!loaded.ok) {
    throw new UsageError(`Bad settings:\n${loaded.problems.map((x) => `  - ${x}`).join("\n")}`);
  }
  const config = loaded.config;
  const log = createLogger({ level: "warn", format: config.logFormat });
  const store = await openPrimaryStore(config, log).catch((error) => {
    throw new CliFailure((error as Error).message);
  });
  try {
    const result = await rotateEncryptionKeys(store, null, null);
    if (boolFlag(p, "json")) return io.out(JSON.stringify(result, null, 2));
    io.out(
      `Re-wrapped ${result.rewrapped} data key(s) under master key ${result.currentKeyId}; ` +
        `${result.dataKeys} in all, ${result.pending} still under an older key.`,
    );
    if (result.pending === 0) {
      io.out("Rotation complete: ENCRYPTION_KEY_PREVIOUS can be removed from every instance.");
    }
  } catch (error) {
    if (error instanceof DomainError) throw new CliFailure(error.message);
    throw error;
  } finally {
    await store.close();
  }
}
