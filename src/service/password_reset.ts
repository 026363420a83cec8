// An operator's password reset (`dialtone users reset-password EMAIL`), for the admin who lost
// theirs: there is no email-based recovery. Sets the new password and ends every session.
import { checkPasswordStrength, hashPassword } from "../auth/password.ts";
import { invalid, NotFound } from "../domain/errors.ts";
import { normalizeEmail } from "../domain/names.ts";
import type { Store } from "../store/store.ts";
import type { User } from "../store/types.ts";

export async function resetPassword(store: Store, email: string, password: string): Promise<User> {
  const action = `reset the password of "${email}"`;
  const weak = checkPasswordStrength(password);
  if (weak) throw invalid(action, [{ path: "password", message: weak }]);
  const normalized = normalizeEmail(email);
  const known = await store.read((tx) => tx.users.getByEmail(normalized));
  if (!known) throw new NotFound("other", `Cannot ${action}: no account has this email`);
  // Hashed outside the transaction, so no write waits on Argon2id.
  const hash = await hashPassword(password);
  return await store.write(async (tx) => {
    const user = await tx.users.getByEmail(normalized);
    if (!user) throw new NotFound("other", `Cannot ${action}: no account has this email`);
    await tx.users.setPasswordHash(user.id, hash);
    await tx.users.deleteSessionsExcept(user.id, null);
    return user;
  });
}
