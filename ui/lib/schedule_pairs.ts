// "On at T, off at T2" on the Upcoming changes page: each listed schedule with its partner
// (the change's put-back, the put-back's change) when the list holds it.
import type { ConfigWrite, Json, Schedule } from "./types.ts";

export type Partners = {
  /** This change's put-back, when the list holds it. */
  putBack: Schedule | null;
  /** The change this put-back puts back, when the list holds it. */
  change: Schedule | null;
  /** A change scheduled with a put-back that the list leaves out (another status). */
  putBackElsewhere: boolean;
};

/** Looks up partners in `list`. The server names a put-back's change only while that change
 * is pending, so an applied change is also found by its `revertId`. */
export function partnersIn(list: Schedule[]): (s: Schedule) => Partners {
  const byId = new Map(list.map((s) => [s.id, s]));
  const changeOf = new Map(
    list.filter((s) => s.revertId !== null).map((s) => [s.revertId!, s]),
  );
  return (s) => {
    const putBack = s.revertId === null ? null : byId.get(s.revertId) ?? null;
    const change = (s.revertOf === null ? undefined : byId.get(s.revertOf)) ??
      changeOf.get(s.id) ?? null;
    return { putBack, change, putBackElsewhere: s.revertId !== null && putBack === null };
  };
}

/** The pending put-back of a change, or null (none, or not pending any more). */
export function pendingPutBack(p: Partners): Schedule | null {
  return p.putBack?.status === "pending" ? p.putBack : null;
}

/** The scheduled state as PATCH takes it (members as two email lists), with a new base value. */
export function withBaseValue(state: Schedule["state"], value: Json): ConfigWrite {
  const emails = (role: string) => state.members.filter((m) => m.role === role).map((m) => m.email);
  return {
    description: state.description,
    editors: emails("editor"),
    maintainers: emails("maintainer"),
    base: { ...state.base, value },
    variants: state.variants,
  };
}

export const scheduleAnchor = (id: string) => `schedule-${id}`;
