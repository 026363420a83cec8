// Bundled by tests/helpers/ofrep_web.ts for a page in Chromium: the stock OpenFeature web SDK
// with the stock OFREP web provider, driven from the test through `window.ofrepPage`.
import { OFREPWebProvider } from "@openfeature/ofrep-web-provider";
import { ClientProviderEvents, type EvaluationContext, OpenFeature } from "@openfeature/web-sdk";

type Kind = "boolean" | "string" | "number" | "object";

const changes: string[][] = [];

const page = {
  changes,
  /** Sets up `domain` with a provider for `key`; resolves once it is ready (or failed). */
  async start(domain: string, baseUrl: string, key: string, context: EvaluationContext) {
    const provider = new OFREPWebProvider({
      baseUrl,
      headers: [["Authorization", `Bearer ${key}`]],
      cacheMode: "disabled",
    });
    OpenFeature.getClient(domain).addHandler(ClientProviderEvents.ConfigurationChanged, (e) => {
      changes.push(e?.flagsChanged ?? []);
    });
    try {
      await OpenFeature.setProviderAndWait(domain, provider, context);
      return "ready";
    } catch (error) {
      return `failed: ${(error as Error).message}`;
    }
  },
  details(domain: string, kind: Kind, flag: string, fallback: unknown) {
    const client = OpenFeature.getClient(domain);
    switch (kind) {
      case "boolean":
        return client.getBooleanDetails(flag, fallback as boolean);
      case "string":
        return client.getStringDetails(flag, fallback as string);
      case "number":
        return client.getNumberDetails(flag, fallback as number);
      case "object":
        return client.getObjectDetails(flag, fallback as Record<string, never>);
    }
  },
  async setContext(domain: string, context: EvaluationContext) {
    await OpenFeature.setContext(domain, context);
  },
};

export type OfrepPage = typeof page;

(globalThis as unknown as { ofrepPage: OfrepPage }).ofrepPage = page;
