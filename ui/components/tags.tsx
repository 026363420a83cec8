// Config tags as chips: in the grid a chip shows only the configs with that tag (and, pressed,
// all of them again); in config settings each chip has a remove button.
import { IconButton } from "./ui.tsx";

export function TagChips(
  { tags, onPick, active }: {
    tags: string[];
    onPick?: (tag: string) => void;
    /** The tag the list is filtered by: its chip is pressed, and a click clears the filter. */
    active?: string;
  },
) {
  return (
    <>
      {tags.map((t) =>
        onPick
          ? (
            <button
              key={t}
              type="button"
              class={t === active ? "tag-chip active" : "tag-chip"}
              aria-pressed={t === active}
              title={t === active ? "Show all configs again" : `Show only configs tagged ${t}`}
              onClick={() => onPick(t)}
            >
              #{t}
            </button>
          )
          : <span key={t} class="tag-chip">#{t}</span>
      )}
    </>
  );
}

export function RemovableTags(
  { tags, onRemove, disabled }: {
    tags: string[];
    onRemove: (tag: string) => void;
    disabled?: boolean;
  },
) {
  return (
    <ul class="tags plain-list" aria-label="Tags">
      {tags.map((t) => (
        <li key={t} class="tag-chip">
          #{t}
          <IconButton
            icon="x"
            label={`Remove tag ${t}`}
            disabled={disabled}
            onClick={() => onRemove(t)}
          />
        </li>
      ))}
    </ul>
  );
}
