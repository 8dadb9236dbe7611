// Applies the saved theme before the first paint, so a dark-theme user never sees a white flash.
// A plain script file because the Content-Security-Policy allows no inline scripts. Mirrors web/src/lib/theme.ts.
(() => {
  var saved = null;
  try {
    saved = localStorage.getItem("edgedock.theme");
  } catch {
    // Storage may be refused (privacy settings); the system theme applies.
  }
  var dark = saved === "dark" || (saved !== "light" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
  document.documentElement.style.colorScheme = dark ? "dark" : "light";
})();
