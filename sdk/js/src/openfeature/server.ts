// An in-process OpenFeature provider for @openfeature/server-sdk: every evaluation is local
// (dynamic context, no network per call); the stream keeps the flags current.
import {
  type EvaluationContext,
  type JsonValue,
  OpenFeatureEventEmitter,
  type Provider,
  type ResolutionDetails,
  ServerProviderEvents,
} from "@openfeature/server-sdk";
import { Dialtone, type DialtoneOptions } from "../client.ts";
import { EventBridge } from "./events.ts";
import { type FlagKind, resolveFlag } from "./resolve.ts";

export class DialtoneServerProvider implements Provider {
  readonly metadata = { name: "dialtone" } as const;
  readonly runsOn = "server" as const;
  readonly events = new OpenFeatureEventEmitter();
  readonly hooks = [];
  readonly client: Dialtone;
  readonly #owned: boolean;
  readonly #bridge: EventBridge;

  /** Takes a client (left open on close) or the options to make one (closed with the provider). */
  constructor(client: Dialtone | DialtoneOptions) {
    this.#owned = !(client instanceof Dialtone);
    this.client = client instanceof Dialtone ? client : new Dialtone(client);
    this.#bridge = new EventBridge(this.client, (event, details) => {
      this.events.emit(event as ServerProviderEvents, details);
    });
  }

  initialize(): Promise<void> {
    return this.#bridge.initialize();
  }

  async onClose(): Promise<void> {
    this.#bridge.close();
    if (this.#owned) await this.client.close();
  }

  #resolve<T>(
    key: string,
    fallback: T,
    kind: FlagKind,
    context: EvaluationContext,
  ) {
    return Promise.resolve(
      resolveFlag(
        this.client,
        key,
        fallback,
        kind,
        context,
      ) as ResolutionDetails<T>,
    );
  }

  resolveBooleanEvaluation(
    key: string,
    fallback: boolean,
    context: EvaluationContext,
  ) {
    return this.#resolve(key, fallback, "boolean", context);
  }

  resolveStringEvaluation(
    key: string,
    fallback: string,
    context: EvaluationContext,
  ) {
    return this.#resolve(key, fallback, "string", context);
  }

  resolveNumberEvaluation(
    key: string,
    fallback: number,
    context: EvaluationContext,
  ) {
    return this.#resolve(key, fallback, "number", context);
  }

  resolveObjectEvaluation<T extends JsonValue>(
    key: string,
    fallback: T,
    context: EvaluationContext,
  ) {
    return this.#resolve(key, fallback, "object", context);
  }
}
