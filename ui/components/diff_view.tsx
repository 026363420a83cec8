// A side-by-side line diff of two texts (ui/lib/diff.ts), with "Show changes only". Used by a
// config's history and the audit log's details; long lines wrap, so it never widens its card.
import { useMemo, useState } from "preact/hooks";
import { countChanges, diffLines } from "../lib/diff.ts";
import { Button } from "./ui.tsx";

export function DiffView(
  { before, after, leftTitle, rightTitle, label, same = "No differences" }: {
    before: string;
    after: string;
    leftTitle: string;
    rightTitle: string;
    label: string;
    same?: string;
  },
) {
  const rows = useMemo(() => diffLines(before, after), [before, after]);
  const [onlyChanges, setOnlyChanges] = useState(false);
  const changes = countChanges(rows);
  return (
    <div class="diff">
      <div class="row small">
        <span>
          {changes === 0 ? same : `${changes} changed line${changes > 1 ? "s" : ""}`}
        </span>
        <div class="spacer" />
        <Button
          small
          variant="ghost"
          onClick={() => setOnlyChanges(!onlyChanges)}
          aria-pressed={onlyChanges}
        >
          {onlyChanges ? "Show everything" : "Show changes only"}
        </Button>
      </div>
      <div class="table-wrap">
        <table class="diff-table" aria-label={label}>
          <colgroup>
            <col class="ln-col" />
            <col />
            <col class="ln-col" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th colSpan={2}>{leftTitle}</th>
              <th colSpan={2}>{rightTitle}</th>
            </tr>
          </thead>
          <tbody>
            {rows.filter((r) => !onlyChanges || r.kind !== "same").map((r, i) => (
              <tr key={i} class={`d-${r.kind}`}>
                <td class="ln">{r.left?.n ?? ""}</td>
                <td class={`code ${r.left && r.kind !== "same" ? "del" : ""}`}>
                  {r.left?.text ?? ""}
                </td>
                <td class="ln">{r.right?.n ?? ""}</td>
                <td class={`code ${r.right && r.kind !== "same" ? "add" : ""}`}>
                  {r.right?.text ?? ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
