// `dialtone codegen --lang ts|python|csharp|go`: typed accessors for a project's configs,
// read from the server (its export) or from an export file (--from).
import { generateCsharp } from "../codegen/csharp.ts";
import { generateGo } from "../codegen/go.ts";
import { generatePython } from "../codegen/python.ts";
import { generateTypescript } from "../codegen/typescript.ts";
import type { ExportDoc } from "./admin_client.ts";
import { noMore, type Parsed, stringFlag } from "./args.ts";
import { connect } from "./context.ts";
import { UsageError } from "./errors.ts";
import type { Io } from "./io.ts";
import { writeOutput } from "./json_input.ts";
import { readExportFile } from "./transfer.ts";

const LANGS: Record<string, "ts" | "python" | "csharp" | "go"> = {
  ts: "ts",
  typescript: "ts",
  python: "python",
  py: "python",
  csharp: "csharp",
  cs: "csharp",
  "c#": "csharp",
  go: "go",
};

export async function codegenCommand(p: Parsed, io: Io): Promise<void> {
  noMore(p, 0);
  const given = stringFlag(p, "lang");
  const lang = given === undefined ? undefined : LANGS[given.toLowerCase()];
  if (!lang) {
    throw new UsageError(
      `${
        given === undefined ? "Missing --lang" : `Unknown --lang "${given}"`
      }: ts, python, csharp or go`,
    );
  }
  const from = stringFlag(p, "from");
  let doc: ExportDoc;
  if (from !== undefined) {
    doc = (await readExportFile(from, io)).doc;
  } else {
    const ctx = await connect(p, io);
    doc = await ctx.client.exportProject((await ctx.project()).id);
  }
  const project = { name: doc.projectName };
  const code = lang === "ts"
    ? generateTypescript(doc.configs, project)
    : lang === "python"
    ? generatePython(doc.configs, project)
    : lang === "csharp"
    ? generateCsharp(doc.configs, { ...project, namespace: stringFlag(p, "namespace") })
    : generateGo(doc.configs, { ...project, package: stringFlag(p, "package") });
  const output = stringFlag(p, "output");
  await writeOutput(output, code, io);
  if (output && output !== "-") io.err(`Wrote ${doc.configs.length} config types to ${output}`);
}
