import assert from "node:assert/strict";
import { hashPassword } from "../auth/password.ts";
import { sha256Hex } from "../auth/tokens.ts";
import { Conflict, Forbidden } from "../domain/errors.ts";
import { FIRST_WORKSPACE_NAME } from "../domain/registration.ts";
import { openSqliteStore } from "../store/sqlite/sqlite_store.ts";
import type { Store } from "../store/store.ts";
import { changePassword, logIn, type SessionRequest, signUp } from "./accounts.ts";

const PW = "correct horse battery";
const open = { disableRegistration: false, allowedEmailDomains: [] };
const from = (replaces: string | null = null): SessionRequest => ({
  ip: "192.0.2.1",
  userAgent: "test",
  replaces,
});

async function withStore(fn: (store: Store) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-accounts-" });
  const store = await openSqliteStore(`${dir}/dialtone.db`);
  try {
    await fn(store);
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const sessionOf = (store: Store, token: string) =>
  store.read((tx) => tx.users.session(sha256Hex(token)));

Deno.test("signUp() writes the user, the first workspace and the session together", async () => {
  await withStore(async (store) => {
    const ada = await signUp(
      store,
      { email: "ada@x.org", name: "Ada", password: PW },
      open,
      from(),
      "r1",
    );
    assert.equal(ada.firstRun, true);
    assert.equal(ada.workspace?.name, FIRST_WORKSPACE_NAME);
    const session = await sessionOf(store, ada.session.token);
    assert.equal(session?.userId, ada.user.id);
    assert.equal(session?.expiresAt, ada.session.expiresAt);
    await assert.rejects(
      signUp(store, { email: "ada@x.org", name: "", password: PW }, open, from(), null),
      Conflict,
    );
    const closed = { disableRegistration: true, allowedEmailDomains: [] };
    await assert.rejects(
      signUp(store, { email: "bob@x.org", name: "", password: PW }, closed, from(), null),
      Forbidden,
    );
    assert.equal(await store.read((tx) => tx.users.count()), 1);
  });
});

Deno.test("logIn() upgrades an old hash and ends the session it replaces; a wrong password is null", async () => {
  await withStore(async (store) => {
    const ada = await signUp(
      store,
      { email: "ada@x.org", name: "", password: PW },
      open,
      from(),
      null,
    );
    const weak = await hashPassword(PW, { memoryKiB: 8192, iterations: 1, parallelism: 1 });
    await store.write((tx) => tx.users.setPasswordHash(ada.user.id, weak));

    assert.equal(await logIn(store, { email: "ada@x.org", password: "not it" }, from()), null);
    assert.equal(await logIn(store, { email: "eve@x.org", password: PW }, from()), null);
    const again = await logIn(store, { email: "ada@x.org", password: PW }, from(ada.session.token));
    assert.ok(again);
    assert.equal(await sessionOf(store, ada.session.token), null);
    assert.ok(await sessionOf(store, again.session.token));
    const hash = await store.read((tx) => tx.users.passwordHash(ada.user.id));
    assert.match(hash!, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});

Deno.test("changePassword() checks the current password and keeps only the caller's session", async () => {
  await withStore(async (store) => {
    const ada = await signUp(
      store,
      { email: "ada@x.org", name: "", password: PW },
      open,
      from(),
      null,
    );
    const phone = (await logIn(store, { email: "ada@x.org", password: PW }, from()))!;
    await assert.rejects(
      changePassword(store, ada.user, ada.session.token, { current: "nope", next: "new password" }),
      /Cannot change the password: currentPassword is incorrect/,
    );
    assert.ok(await sessionOf(store, phone.session.token));
    await changePassword(store, ada.user, ada.session.token, { current: PW, next: "new password" });
    assert.ok(await sessionOf(store, ada.session.token));
    assert.equal(await sessionOf(store, phone.session.token), null);
    assert.equal(await logIn(store, { email: "ada@x.org", password: PW }, from()), null);
    assert.ok(await logIn(store, { email: "ada@x.org", password: "new password" }, from()));
  });
});
