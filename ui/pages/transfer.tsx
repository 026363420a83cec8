// Export a project as Replane's export JSON, and import one: map its environment names to
// this project's environments and choose what happens to configs that already exist.
// Sensitive configs are left out of an export, or included with their values encrypted.
import { useState } from "preact/hooks";
import { toast } from "../components/toast.tsx";
import { WarningsNotice, warningsTitle } from "../components/write_warnings.tsx";
import { Button, ErrorBox, Field, Notice, PageHeader } from "../components/ui.tsx";
import { api, enc } from "../lib/api.ts";
import { configs, projects } from "../lib/endpoints.ts";
import { plural, pretty } from "../lib/format.ts";
import { parseJson } from "../lib/json_text.ts";
import type { ExportFile, ImportResult, WithWarnings } from "../lib/types.ts";
import { useData } from "../lib/use_data.ts";
import { useSubmit } from "../lib/use_submit.ts";
import { useProject } from "./project_context.ts";

/** Dialtone's export with `?sensitive=encrypted`: the sensitive configs, values sealed. */
type SealedFile = ExportFile & {
  sensitiveConfigs?: { name: string; environmentNames?: string[] }[];
};
type SensitiveMode = "omit" | "encrypted";

const exportOf = (projectId: string, sensitive: SensitiveMode) =>
  sensitive === "omit"
    ? projects.export(projectId) as Promise<SealedFile>
    : api.get<SealedFile>(`/projects/${enc(projectId)}/export?sensitive=encrypted`);

export function TransferPage() {
  const { project, environments } = useProject();
  const [text, setText] = useState("");
  const [file, setFile] = useState<SealedFile | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [onConflict, setOnConflict] = useState<"skip" | "replace">("skip");
  const [result, setResult] = useState<WithWarnings<ImportResult> | null>(null);
  const [sensitive, setSensitive] = useState<SensitiveMode>("omit");
  const list = useData(() => configs.list(project.id), [project.id]);
  const sensitiveCount = (list.data ?? []).filter((c) => c.sensitive).length;

  const download = useSubmit(async () => {
    const data = await exportOf(project.id, sensitiveCount > 0 ? sensitive : "omit");
    const url = URL.createObjectURL(new Blob([pretty(data)], { type: "application/json" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `${project.name.replace(/[^\w-]+/g, "-")}-export.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    const sealed = data.sensitiveConfigs?.length ?? 0;
    toast(
      `Exported ${plural(data.configs.length + sealed, "config")}` +
        (sealed > 0 ? ` (${sealed} sensitive, encrypted)` : ""),
    );
  });
  const read = (content: string) => {
    setText(content);
    setResult(null);
    const parsed = parseJson(content);
    if (!parsed.ok) {
      setFile(null);
      setParseError(
        content.trim() ? `Line ${parsed.line}, col ${parsed.col}: ${parsed.message}` : null,
      );
      return;
    }
    const data = parsed.value as unknown as SealedFile;
    if (!data || typeof data !== "object" || !Array.isArray(data.configs)) {
      setFile(null);
      setParseError('This is JSON, but not an export: it needs a "configs" list.');
      return;
    }
    setParseError(null);
    setFile(data);
    const names = new Set([
      ...data.configs.flatMap((c) => (c.variants ?? []).map((v) => v.environmentName)),
      ...(data.sensitiveConfigs ?? []).flatMap((c) => c.environmentNames ?? []),
    ]);
    setMapping(
      Object.fromEntries([...names].map((n) => [
        n,
        environments.find((e) => e.name.toLowerCase() === n.toLowerCase())?.name ?? "",
      ])),
    );
  };
  const submit = useSubmit(async () => {
    if (!file) return;
    // null drops an exported environment's values; a missing entry keeps its name.
    const environmentMap = Object.fromEntries(
      Object.entries(mapping).map(([from, to]) => [from, to || null]),
    );
    setResult(await projects.import(project.id, { data: file, environmentMap, onConflict }));
    void list.reload();
    toast("Import finished");
  });
  return (
    <div class="stack">
      <PageHeader
        title="Import and export"
        subtitle="Move configs between projects or servers, in Replane's export format."
      />
      <section class="card stack">
        <h2>Export</h2>
        <p class="muted">
          Downloads every config of {project.name}{" "}
          with its schema, overrides and per-environment values.
        </p>
        {sensitiveCount > 0 && (
          <fieldset>
            <legend>Sensitive configs ({sensitiveCount})</legend>
            <label class="check">
              <input
                type="radio"
                name="sensitive"
                checked={sensitive === "omit"}
                onChange={() => setSensitive("omit")}
              />{" "}
              Leave out
            </label>
            <label class="check">
              <input
                type="radio"
                name="sensitive"
                checked={sensitive === "encrypted"}
                onChange={() => setSensitive("encrypted")}
              />{" "}
              Include encrypted (only a server with this server's ENCRYPTION_KEY can import them)
            </label>
          </fieldset>
        )}
        <ErrorBox error={download.error} />
        <div>
          <Button icon="down" busy={download.busy} onClick={() => download.run()}>
            Download export
          </Button>
        </div>
      </section>
      <form class="card stack" onSubmit={submit.onSubmit}>
        <h2>Import</h2>
        <Field label="Export file" hint="Choose a file, or paste its JSON below.">
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              type="file"
              accept="application/json,.json"
              onChange={async (e) => {
                const f = (e.target as HTMLInputElement).files?.[0];
                if (f) read(await f.text());
              }}
            />
          )}
        </Field>
        <label class="field">
          <span class="label">Export JSON</span>
          <textarea
            class="mono"
            rows={6}
            value={text}
            spellcheck={false}
            onInput={(e) => read((e.target as HTMLTextAreaElement).value)}
          />
        </label>
        {parseError && <div class="field-error" role="alert">{parseError}</div>}
        {file && (
          <>
            <Notice>
              {file.configs.length + (file.sensitiveConfigs?.length ?? 0)} configs from “
              {file.projectName ?? "a project"}”
              {(file.sensitiveConfigs?.length ?? 0) > 0 &&
                `, ${file.sensitiveConfigs!.length} of them sensitive (encrypted: this server ` +
                  "needs the exporting server's ENCRYPTION_KEY)"}.
            </Notice>
            {Object.keys(mapping).length > 0 && (
              <fieldset>
                <legend>Environments</legend>
                {Object.keys(mapping).map((from) => (
                  <label key={from} class="map-row">
                    <span>{from} →</span>
                    <select
                      value={mapping[from]}
                      onChange={(e) =>
                        setMapping({ ...mapping, [from]: (e.target as HTMLSelectElement).value })}
                    >
                      <option value="">skip these values</option>
                      {environments.map((env) => (
                        <option key={env.id} value={env.name}>{env.name}</option>
                      ))}
                    </select>
                  </label>
                ))}
              </fieldset>
            )}
            <fieldset>
              <legend>Configs that already exist</legend>
              <label class="check">
                <input
                  type="radio"
                  name="conflict"
                  checked={onConflict === "skip"}
                  onChange={() => setOnConflict("skip")}
                />{" "}
                Keep ours (skip them)
              </label>
              <label class="check">
                <input
                  type="radio"
                  name="conflict"
                  checked={onConflict === "replace"}
                  onChange={() => setOnConflict("replace")}
                />{" "}
                Replace with the imported ones (a new version each)
              </label>
            </fieldset>
          </>
        )}
        <ErrorBox error={submit.error} />
        {result && (
          <Notice kind="success">
            Created {result.created.length}, replaced {result.replaced.length}, skipped{" "}
            {result.skipped.length}
            {result.skipped.length > 0 && ` (${result.skipped.join(", ")})`}.
          </Notice>
        )}
        {result?.warnings && result.warnings.length > 0 && (
          <WarningsNotice
            title={warningsTitle("Imported", result.warnings.length)}
            warnings={result.warnings}
          />
        )}
        <div>
          <Button type="submit" variant="primary" busy={submit.busy} disabled={!file}>
            Import
          </Button>
        </div>
      </form>
    </div>
  );
}
