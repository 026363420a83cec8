// Config tags as chips: in the grid a chip shows only the configs with that tag; in config
// settings each chip has a remove button.
import { IconButton } from "./ui.tsx";

export function TagChips(
  { tags, onPick }: { tags: string[]; onPick?: (tag: string) => void },
) {
  return (
    <>
      {tags.map((t) =>
        onPick
          ? (
            <button
              key={t}
              type="button"
              class="tag-chip"
              title={`Show only configs tagged ${t}`}
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
