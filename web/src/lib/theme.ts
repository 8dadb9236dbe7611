import { useSyncExternalStore } from "react";

export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

// The same key and rule as public/theme.js, which applies the choice before the app loads.
const STORAGE_KEY = "edgedock.theme";
const darkQuery = () => window.matchMedia("(prefers-color-scheme: dark)");

function readTheme(): Theme {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return saved === "light" || saved === "dark" ? saved : "system";
  } catch {
    // Storage can be off (privacy settings); the system setting still applies.
    return "system";
  }
}

function apply(theme: Theme): void {
  const dark = theme === "dark" || (theme === "system" && darkQuery().matches);
  document.documentElement.classList.toggle("dark", dark);
  document.documentElement.style.colorScheme = dark ? "dark" : "light";
}

const listeners = new Set<() => void>();
let current: Theme = typeof window === "undefined" ? "system" : readTheme();

export function setTheme(theme: Theme): void {
  current = theme;
  try {
    if (theme === "system") localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Not remembered across reloads, but applied now.
  }
  apply(theme);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // "System" follows the operating system live, e.g. when it switches to dark at sunset.
  const query = darkQuery();
  const onSystemChange = () => {
    if (current === "system") {
      apply("system");
      listener();
    }
  };
  query.addEventListener("change", onSystemChange);
  return () => {
    listeners.delete(listener);
    query.removeEventListener("change", onSystemChange);
  };
}

/** The chosen theme and the one in effect ("system" resolved). */
export function useTheme(): { theme: Theme; resolved: "light" | "dark" } {
  const theme = useSyncExternalStore(subscribe, () => current);
  const dark = useSyncExternalStore(subscribe, () => document.documentElement.classList.contains("dark"));
  return { theme, resolved: dark ? "dark" : "light" };
}
