// Light, dark, or the system's choice; kept in localStorage, applied as <html data-theme>.
import { createStore } from "./store.ts";

export type Theme = "system" | "light" | "dark";
const KEY = "dialtone.theme";

function stored(): Theme {
  try {
    const value = localStorage.getItem(KEY);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

export const theme = createStore<Theme>(stored());

function apply(value: Theme) {
  if (value === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = value;
}
apply(theme.get());
theme.subscribe((value) => {
  apply(value);
  try {
    if (value === "system") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, value);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this page.
  }
});

export function nextTheme(value: Theme): Theme {
  return value === "system" ? "light" : value === "light" ? "dark" : "system";
}
