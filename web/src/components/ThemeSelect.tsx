import { useId } from "react";
import { THEMES, setTheme, useTheme } from "../lib/theme";
import type { Theme } from "../lib/theme";
import { compactSelectStyles } from "./styles";

const LABELS: Record<Theme, string> = { system: "System theme", light: "Light theme", dark: "Dark theme" };

export function ThemeSelect() {
  const { theme } = useTheme();
  const id = useId();
  return (
    <>
      <label htmlFor={id} className="sr-only">
        Theme
      </label>
      <select
        id={id}
        value={theme}
        onChange={(event) => setTheme(event.target.value as Theme)}
        className={`${compactSelectStyles} min-w-0 py-1 text-sm sm:text-sm`}
      >
        {THEMES.map((t) => (
          <option key={t} value={t}>
            {LABELS[t]}
          </option>
        ))}
      </select>
    </>
  );
}
