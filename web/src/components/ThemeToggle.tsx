import { THEMES, setTheme, useTheme } from "../lib/theme";
import type { Theme } from "../lib/theme";
import { buttonStyles } from "./styles";

const LABELS: Record<Theme, string> = { system: "system", light: "light", dark: "dark" };

// Simple line icons, drawn here rather than pulling in an icon library for three glyphs.
const ICONS: Record<Theme, string> = {
  system: "M3 5h18v11H3zM8 20h8M12 16v4",
  light: "M12 4V2M12 22v-2M4 12H2M22 12h-2M5.6 5.6 4.2 4.2M19.8 19.8l-1.4-1.4M5.6 18.4l-1.4 1.4M19.8 4.2l-1.4 1.4M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z",
  dark: "M20 14.5A8 8 0 0 1 9.5 4 8 8 0 1 0 20 14.5z",
};

/** One compact button that steps through system → light → dark; its name says what it is and what comes next. */
export function ThemeToggle() {
  const { theme } = useTheme();
  const next = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length] ?? "system";
  const label = `Colour theme: ${LABELS[theme]}. Switch to ${LABELS[next]}`;
  return (
    <button type="button" className={`${buttonStyles.quiet} px-2`} aria-label={label} title={label} onClick={() => setTheme(next)}>
      <svg aria-hidden="true" viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
        <path d={ICONS[theme]} />
      </svg>
    </button>
  );
}
