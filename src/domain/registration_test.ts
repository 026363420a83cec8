import assert from "node:assert/strict";
import { Forbidden } from "./errors.ts";
import {
  checkEmailDomain,
  checkRegistrationOpen,
  emailDomain,
  personalWorkspaceName,
  registrationStatus,
} from "./registration.ts";

const rules = (disableRegistration: boolean, allowedEmailDomains: string[] = []) => ({
  disableRegistration,
  allowedEmailDomains,
});

/** "ok", "forbidden", or the unexpected error's name. */
const outcome = (fn: () => void): string => {
  try {
    fn();
    return "ok";
  } catch (error) {
    return error instanceof Forbidden ? "forbidden" : String(error);
  }
};

Deno.test("checkEmailDomain() matches the whole domain only", () => {
  assert.equal(emailDomain("a.b@eng.example.com"), "eng.example.com");
  assert.equal(outcome(() => checkEmailDomain("a@x.org", rules(false))), "ok");
  const only = rules(false, ["example.com"]);
  assert.equal(outcome(() => checkEmailDomain("a@example.com", only)), "ok");
  assert.equal(outcome(() => checkEmailDomain("a@eng.example.com", only)), "forbidden");
  assert.equal(outcome(() => checkEmailDomain("a@notexample.com", only)), "forbidden");
  assert.throws(
    () => checkEmailDomain("a@evil.test", only),
    /"evil\.test" is not allowed on this server \(ALLOWED_EMAIL_DOMAINS: example\.com\)/,
  );
});

Deno.test("checkRegistrationOpen() with DISABLE_REGISTRATION admits the first account and invitees", () => {
  const open = (userCount: number, invited: boolean, disabled: boolean) =>
    outcome(() => checkRegistrationOpen({ userCount, invited }, rules(disabled)));
  assert.equal(open(0, false, true), "ok");
  assert.equal(open(1, false, true), "forbidden");
  assert.equal(open(1, true, true), "ok");
  assert.equal(open(5, false, false), "ok");
});

Deno.test("registrationStatus() reports setup, open and invite-only sign-up", () => {
  const status = (users: number, disabled: boolean, passwords = true) =>
    registrationStatus(users, { ...rules(disabled, ["x.org"]), passwordAuthEnabled: passwords });
  assert.deepEqual(status(0, true), {
    needsSetup: true,
    passwordAuthEnabled: true,
    registrationOpen: true,
    inviteOnly: false,
    allowedEmailDomains: ["x.org"],
  });
  const closed = status(1, true);
  assert.deepEqual([closed.needsSetup, closed.registrationOpen, closed.inviteOnly], [
    false,
    false,
    true,
  ]);
  assert.deepEqual([status(1, false).registrationOpen, status(1, false).inviteOnly], [true, false]);
  const off = status(0, false, false);
  assert.deepEqual([off.registrationOpen, off.inviteOnly], [false, false]);
});

Deno.test("personalWorkspaceName() uses the name, else the email's local part, within limits", () => {
  assert.equal(personalWorkspaceName({ email: "ada@x.org", name: "Ada" }), "Ada's workspace");
  assert.equal(personalWorkspaceName({ email: "ada@x.org", name: " " }), "ada's workspace");
  const long = personalWorkspaceName({ email: `${"ü".repeat(300)}@x.org`, name: "" });
  assert.equal([...long].length, 100);
});
