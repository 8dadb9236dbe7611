import { safeNextPath } from "./next-path";

const KEY = "edgedock.nextAfterConfirmation";

// Sign-up ends in the mailbox, and the link opens in a new tab: where the user was headed (an invitation,
// say) is kept in this browser until the address is confirmed. Storage may be blocked; then the user simply
// lands on the start page, so failures are ignored.

export function rememberNextAfterConfirmation(next: string | undefined): void {
  try {
    if (next) window.localStorage.setItem(KEY, next);
    else window.localStorage.removeItem(KEY);
  } catch {
    // See above.
  }
}

export function readNextAfterConfirmation(): string | undefined {
  try {
    return safeNextPath(window.localStorage.getItem(KEY));
  } catch {
    return undefined;
  }
}

/** Once the address is confirmed the path has served its purpose; a later sign-up must not inherit it. */
export function forgetNextAfterConfirmation(): void {
  rememberNextAfterConfirmation(undefined);
}
