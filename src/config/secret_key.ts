// An unset SECRET_KEY is generated once and kept in DATA_DIR, so sessions survive restarts.
import { randomBytes } from "node:crypto";

export async function loadOrCreateSecretKey(dataDir: string): Promise<string> {
  const path = `${dataDir}/secret_key`;
  try {
    await Deno.writeTextFile(path, randomBytes(48).toString("base64url") + "\n", {
      createNew: true,
      mode: 0o600,
    });
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
  }
  const key = (await Deno.readTextFile(path)).trim();
  if (key.length < 32) {
    throw new Error(
      `Cannot use ${path}: it holds fewer than 32 characters; delete it to regenerate`,
    );
  }
  return key;
}
