// The states every list screen goes through: loading, failed, empty, filtered to nothing,
// and then the rows, in a table (AsyncTable) or any other markup (AsyncList).
import type { ComponentChildren } from "preact";
import { ErrorBox } from "./ui.tsx";

/** Grey placeholder rows while a list loads, so the page keeps its shape. */
export function Skeleton({ rows = 4 }: { rows?: number }) {
  return (
    <div class="skeleton" role="status">
      <span class="sr-only">Loading…</span>
      {Array.from(
        { length: rows },
        (_, i) => <div key={i} class="skeleton-row" aria-hidden="true" />,
      )}
    </div>
  );
}

/** What useData() gives, or the same three fields kept by hand. */
export type Loaded<T> = { data: T[] | undefined; loading: boolean; error: unknown };

type ListProps<T> = {
  data: Loaded<T>;
  /** Shown when there are no items at all. */
  empty: ComponentChildren;
  /** The items left after the screen's filters; noMatch shows when none are. */
  shown?: T[];
  noMatch?: ComponentChildren;
  /** What failed, before the server's message: "Cannot load the history." */
  errorTitle?: string;
};

/** The error above the list (a failed reload keeps the rows it had), then one state. */
export function AsyncList<T>(
  { data: { data, loading, error }, empty, shown, noMatch, errorTitle, children }: ListProps<T> & {
    children: (items: T[]) => ComponentChildren;
  },
) {
  const rows = shown ?? data;
  return (
    <>
      <ErrorBox error={error} title={errorTitle} />
      {!data || !rows
        ? (loading || !error) && <Skeleton />
        : data.length === 0
        ? empty
        : rows.length === 0
        ? noMatch ?? empty
        : children(rows)}
    </>
  );
}

export function AsyncTable<T>(
  { head, row, class: cls, ...list }: ListProps<T> & {
    /** The header cells (<th>s). */
    head: ComponentChildren;
    /** One item's <tr> (or rows, in a keyed fragment). */
    row: (item: T) => ComponentChildren;
    class?: string;
  },
) {
  return (
    <AsyncList {...list}>
      {(rows) => (
        <div class="table-wrap">
          <table class={`table ${cls ?? ""}`.trim()}>
            <thead>
              <tr>{head}</tr>
            </thead>
            <tbody>{rows.map((item) => row(item))}</tbody>
          </table>
        </div>
      )}
    </AsyncList>
  );
}

/** The header cell over a column of row buttons. */
export const ActionsHead = () => (
  <th>
    <span class="sr-only">Actions</span>
  </th>
);
