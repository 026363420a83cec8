// A real OpenID Connect provider for the SSO tests: the npm oidc-provider on a loopback port,
// with a login page of its own (email and password, checked against `users`), consent given
// on sign-in, and the groups claim. Removing a user from `users` makes the provider refuse
// them, as a deprovisioned account would be.
import http from "node:http";
import { generateKeyPairSync } from "node:crypto";
import Provider from "oidc-provider";
import { freePort } from "./pg_cluster.ts";

export type IdpUser = {
  password: string;
  email: string;
  emailVerified?: boolean;
  name?: string;
  groups?: string[];
};

export type TestIdp = {
  issuer: string;
  /** By login (the account id at the provider); edit freely during a test. */
  users: Map<string, IdpUser>;
  close(): Promise<void>;
};

const page = (body: string) =>
  `<!doctype html><html><head><title>Test IdP</title></head><body>${body}</body></html>`;

const clientId = "dialtone-test";
const clientSecret = "test-client-secret-0123456789abcdef";

/** Where a test's Dialtone and provider will listen, and the settings joining them. */
export type SsoAddresses = {
  port: string;
  baseUrl: string;
  idpPort: number;
  env: Record<string, string>;
};

export function ssoAddresses(): SsoAddresses {
  const port = String(freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const idpPort = freePort();
  return {
    port,
    baseUrl,
    idpPort,
    env: {
      PORT: port,
      BASE_URL: baseUrl,
      OIDC_ISSUER: `http://127.0.0.1:${idpPort}`,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_DISPLAY_NAME: "Test IdP",
      OIDC_SCOPES: "openid email profile groups",
    },
  };
}

/** Starts the provider for a Dialtone at `baseUrl` (its redirect URI is registered). */
export async function startIdp(at: SsoAddresses): Promise<TestIdp> {
  const baseUrl = at.baseUrl;
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(at.idpPort, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${at.idpPort}`;
  const users = new Map<string, IdpUser>();
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [`${baseUrl}/api/auth/oidc/callback`],
    }],
    jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), kid: "test", use: "sig" }] },
    cookies: { keys: ["test-cookie-key-0123456789"] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
      groups: ["groups"],
    },
    ttl: {
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AuthorizationCode: 60,
      AccessToken: 600,
      IdToken: 600,
    },
    findAccount: (_ctx: unknown, id: string) => {
      const user = users.get(id);
      if (!user) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          email: user.email,
          email_verified: user.emailVerified ?? true,
          name: user.name ?? "",
          groups: user.groups ?? [],
        }),
      };
    },
  });
  const callback = provider.callback();

  server.on("request", async (req, res) => {
    const match = /^\/interaction\/([^/?]+)(\/login)?/.exec(req.url ?? "");
    if (!match) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === "GET") {
        res.setHeader("content-type", "text/html");
        return res.end(page(
          `<h1>Test IdP sign-in</h1><form method="post" action="/interaction/${details.uid}/login">` +
            `<label>Username <input name="login"></label>` +
            `<label>Password <input name="password" type="password"></label>` +
            `<button type="submit">Sign in to IdP</button></form>`,
        ));
      }
      const form = new URLSearchParams(await readBody(req));
      const login = form.get("login") ?? "";
      const user = users.get(login);
      if (!user || user.password !== form.get("password")) {
        res.setHeader("content-type", "text/html");
        res.statusCode = 403;
        return res.end(page(`<h1>IdP: access denied for ${login}</h1>`));
      }
      const grant = new provider.Grant({ accountId: login, clientId });
      grant.addOIDCScope(String(details.params.scope ?? "openid"));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, {
        login: { accountId: login },
        consent: { grantId },
      }, { mergeWithLastSubmission: false });
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  });

  return {
    issuer,
    users,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => text += chunk);
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}
