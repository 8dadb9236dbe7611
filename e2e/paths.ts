import { fileURLToPath } from "node:url";

/** Written by every run, git-ignored: the main pages at two widths in both themes, and failures. */
export const SCREENSHOT_DIR = fileURLToPath(new URL("./screenshots/", import.meta.url));
/** The app's and the fakes' output of the last run, for reading after a failure; git-ignored. */
export const LOG_DIR = fileURLToPath(new URL("./logs/", import.meta.url));
