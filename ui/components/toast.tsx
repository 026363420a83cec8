// Short confirmations ("Saved version 4") in a polite live region.
import { createStore, useStore } from "../lib/store.ts";

type Toast = { id: number; text: string; tone: "good" | "bad" | "info" };
const toasts = createStore<Toast[]>([]);
let next = 1;

export function toast(text: string, tone: Toast["tone"] = "good") {
  const id = next++;
  toasts.set((list) => [...list.slice(-3), { id, text, tone }]);
  setTimeout(() => toasts.set((list) => list.filter((t) => t.id !== id)), 4000);
}

export function Toaster() {
  const list = useStore(toasts);
  return (
    <div class="toaster" role="status" aria-live="polite">
      {list.map((t) => <div key={t.id} class={`toast toast-${t.tone}`}>{t.text}</div>)}
    </div>
  );
}
