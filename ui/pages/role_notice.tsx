// A config tab's warning when the caller's role will not let them save it.
import { Notice } from "../components/ui.tsx";

/** Says up front when the caller's role will not let them save what this tab edits. */
export function RoleNotice(
  { tab, actions, rank }: { tab: string; actions: Record<string, boolean>; rank: string | null },
) {
  const needs: Record<string, [string, string]> = {
    value: ["config.edit_value", "config editor"],
    environments: ["config.edit_value", "config editor"],
    overrides: ["config.edit_overrides", "config maintainer"],
    schema: ["config.edit_schema", "config maintainer"],
    settings: ["config.members.write", "config maintainer"],
  };
  const need = needs[tab];
  if (!need || actions[need[0]] !== false) return null;
  return (
    <Notice kind="warn">
      You can look, but saving changes here needs the {need[1]} role or higher (you are{" "}
      {rank ?? "not a member"}). Ask a project admin.
    </Notice>
  );
}
