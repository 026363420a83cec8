// "Page not found" for any address the dashboard has no screen or no object for: it says so
// and links somewhere real, instead of sending the user elsewhere without a word.
import type { ComponentChildren } from "preact";
import { ApiError } from "../lib/api.ts";
import { EmptyState, Link } from "./ui.tsx";

export function NotFound(
  { children = "There is nothing at this address.", back, backLabel }: {
    children?: ComponentChildren;
    back: string;
    backLabel: string;
  },
) {
  return (
    <EmptyState title="Page not found" icon="search" action={<Link href={back}>{backLabel}</Link>}>
      {children}
    </EmptyState>
  );
}

/** A load that failed because the address names nothing: a 404, or an id that is not one. */
export const isMissing = (error: unknown) =>
  error instanceof ApiError && (error.status === 404 ||
    (error.status === 400 && /must be an id/.test(error.message + JSON.stringify(error.issues))));
