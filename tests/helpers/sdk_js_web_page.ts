// Bundled by tests/helpers/ofrep_web.ts for a page in Chromium: the stock OpenFeature web SDK
// with Dialtone's web provider (sdk/js, from source), driven through `window.dialtonePage`.
import { ClientProviderEvents, type EvaluationContext, OpenFeature } from "@openfeature/web-sdk";
import { DialtoneWebProvider } from "../../sdk/js/src/openfeature/web.ts";
import { localStorageSnapshot } from "../../sdk/js/src/mod.ts";

type Kind = "boolean" | "string" | "number" | "object";

const events: { type: string; flagsChanged?: string[] }[] = [];

const page = {
  events,
  async start(baseUrl: string, sdkKey: string, context: EvaluationContext) {
    const client = OpenFeature.getClient();
    for (const type of Object.values(ClientProviderEvents)) {
      client.addHandler(type, (e) => {
        const flagsChanged = (e as { flagsChanged?: string[] } | undefined)?.flagsChanged;
        events.push({ type, flagsChanged });
      });
    }
    const provider = new DialtoneWebProvider({
      baseUrl,
      sdkKey,
      snapshot: localStorageSnapshot("dialtone-test"),
      readyTimeoutMs: 5_000,
    });
    try {
      await OpenFeature.setProviderAndWait(provider, context);
      return "ready";
    } catch (error) {
      return `failed: ${(error as Error).message}`;
    }
  },
  details(kind: Kind, flag: string, fallback: unknown) {
    const client = OpenFeature.getClient();
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
  async setContext(context: EvaluationContext) {
    await OpenFeature.setContext(context);
  },
  snapshot: () => localStorage.getItem("dialtone-test"),
};

export type DialtonePage = typeof page;

(globalThis as unknown as { dialtonePage: DialtonePage }).dialtonePage = page;
