import assert from "node:assert/strict";
import { AppError } from "./errors.ts";
import {
  checkEmailDomain,
  checkRegistrationOpen,
  emailDomain,
  personalWorkspaceName,
} from "./accounts_signup.ts";

const rules = (disableRegistration: boolean, allowedEmailDomains: string[] = []) => ({
  disableRegistration,
  allowedEmailDomains,
});

const status = (fn: () => void): number | null => {
  try {
    fn();
    return null;
  } catch (error) {
    return error instanceof AppError ? error.status : -1;
  }
};

Deno.test("checkEmailDomain() matches the whole domain only", () => {
  assert.equal(emailDomain("a.b@eng.example.com"), "eng.example.com");
  assert.equal(status(() => checkEmailDomain("a@x.org", rules(false))), null);
  assert.equal(
    status(() => checkEmailDomain("a@example.com", rules(false, ["example.com"]))),
    null,
  );
  assert.equal(
    status(() => checkEmailDomain("a@eng.example.com", rules(false, ["example.com"]))),
    403,
  );
  assert.equal(
    status(() => checkEmailDomain("a@notexample.com", rules(false, ["example.com"]))),
    403,
  );
});

Deno.test("checkRegistrationOpen() with DISABLE_REGISTRATION admits the first account and invitees", () => {
  const open = (userCount: number, invited: boolean, disabled: boolean) =>
    status(() => checkRegistrationOpen({ userCount, invited }, rules(disabled)));
  assert.equal(open(0, false, true), null);
  assert.equal(open(1, false, true), 403);
  assert.equal(open(1, true, true), null);
  assert.equal(open(5, false, false), null);
});

Deno.test("personalWorkspaceName() uses the name, else the email's local part, within limits", () => {
  assert.equal(personalWorkspaceName({ email: "ada@x.org", name: "Ada" }), "Ada's workspace");
  assert.equal(personalWorkspaceName({ email: "ada@x.org", name: " " }), "ada's workspace");
  const long = personalWorkspaceName({ email: `${"ü".repeat(300)}@x.org`, name: "" });
  assert.equal([...long].length, 100);
});
