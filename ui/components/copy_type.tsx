// "Copy type": the TypeScript type of one config (from its JSON Schema, or inferred from its
// values), made by the same generator as `dialtone codegen --lang ts`.
import { typescriptForConfig } from "../../src/codegen/typescript.ts";
import type { ConfigDetail } from "../lib/types.ts";
import { CopyButton } from "./copy_button.tsx";

export function configTypeScript(config: ConfigDetail): string {
  return typescriptForConfig({
    name: config.name,
    description: config.description,
    value: config.base.value,
    schema: config.base.schema,
    overrides: config.base.overrides,
    variants: config.variants,
  });
}

export function CopyType({ config }: { config: ConfigDetail }) {
  return (
    <span title="The TypeScript type of this config's value, as saved">
      <CopyButton text={configTypeScript(config)} label="Copy type" />
    </span>
  );
}
