// The propagation summary of a config version (src/observability/propagation_summary.ts), as
// the versions API describes it.
import { z } from "zod";

export const PropagationDto = z.object({
  environmentId: z.string(),
  revision: z.number().int().describe("The change-feed revision that carried the version"),
  committedAt: z.string(),
  clients: z.number().int().describe("SDK streams connected, on every instance, when it arrived"),
  delivered: z.number().int().describe("How many of them were handed it"),
  p50Ms: z.number().nullable().describe("Milliseconds after the commit; null: not reached"),
  p99Ms: z.number().nullable(),
  p100Ms: z.number().nullable(),
});
