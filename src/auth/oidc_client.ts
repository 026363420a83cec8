// The relying party, with openid-client: discovery (cached; retried after a failure), the
// authorization URL with PKCE, state and nonce, and the code exchange, which validates the ID
// token (signature, issuer, audience, expiry, nonce) and the state. Claims come from the ID
// token, completed by the userinfo endpoint where the provider has one.
import * as oidc from "openid-client";
import type { OidcConfig } from "../config/oidc.ts";

/** What the browser carries between the redirect to the provider and the callback. */
export type LoginFlow = { state: string; nonce: string; verifier: string };

export type OidcClient = {
  /** Where to send the browser, and the flow to keep for the callback. */
  start(): Promise<{ url: string; flow: LoginFlow }>;
  /** The verified claims for the callback `url`; throws when anything does not check. */
  finish(url: URL, flow: LoginFlow): Promise<Record<string, unknown>>;
};

export function oidcClient(settings: OidcConfig): OidcClient {
  let discovered: Promise<oidc.Configuration> | null = null;
  const configuration = () => {
    discovered ??= oidc.discovery(
      new URL(settings.issuer),
      settings.clientId,
      undefined,
      oidc.ClientSecretBasic(settings.clientSecret),
      {
        timeout: 10,
        execute: new URL(settings.issuer).protocol === "http:" ? [oidc.allowInsecureRequests] : [],
      },
    ).catch((error) => {
      discovered = null;
      throw error;
    });
    return discovered;
  };
  return {
    async start() {
      const config = await configuration();
      const flow = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        verifier: oidc.randomPKCECodeVerifier(),
      };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: settings.scopes,
        state: flow.state,
        nonce: flow.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
        code_challenge_method: "S256",
      });
      return { url: url.href, flow };
    },
    async finish(url, flow) {
      const config = await configuration();
      const tokens = await oidc.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const claims: Record<string, unknown> = { ...tokens.claims() };
      if (config.serverMetadata().userinfo_endpoint) {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, String(claims.sub));
        for (const [k, v] of Object.entries(info)) claims[k] ??= v;
      }
      return claims;
    },
  };
}
