// `dialtone evaluate NAME --context '{...}'`: what the SDK would answer for that context,
// computed by the server exactly as the SDK evaluates the rendered config.
import type { Json } from "./admin_client.ts";
import { boolFlag, noMore, type Parsed, positional, stringFlag } from "./args.ts";
import { connect } from "./context.ts";
import { UsageError } from "./errors.ts";
import type { Io } from "./io.ts";
import { parseJsonArg } from "./json_input.ts";

export async function evaluateCommand(p: Parsed, io: Io): Promise<void> {
  const name = positional(p, 0, "the config name: dialtone evaluate NAME --context '{...}'");
  noMore(p, 1);
  const context = parseJsonArg(stringFlag(p, "context") ?? "{}", "--context");
  if (typeof context !== "object" || context === null || Array.isArray(context)) {
    throw new UsageError(`--context must be a JSON object (got ${JSON.stringify(context)})`);
  }
  const ctx = await connect(p, io);
  const project = await ctx.project();
  const env = await ctx.environment(project.id, stringFlag(p, "env"));
  const result = await ctx.client.evaluate(
    project.id,
    name,
    env.id,
    context as Record<string, Json>,
  );
  if (ctx.json) return io.out(JSON.stringify({ ...result, environment: env.name }, null, 2));
  // The value alone on standard output, so it pipes; the explanation on standard error.
  io.out(JSON.stringify(result.value, null, 2));
  const why = result.matchedOverride === null
    ? "no override matched: the base value"
    : `override #${result.matchedOverride + 1} matched`;
  io.err(`(${name} in ${env.name}: ${why})`);
  if (result.error) io.err(`error: ${result.error}`);
  if (boolFlag(p, "trace")) io.err(JSON.stringify(result.trace, null, 2));
}
