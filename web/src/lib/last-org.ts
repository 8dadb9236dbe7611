const KEY = "edgedock.lastOrgId";

// Storage access throws when the browser blocks it (private modes, strict cookie settings);
// remembering the last organization is a convenience, so failures are ignored.

export function readLastOrgId(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function rememberLastOrgId(orgId: string): void {
  try {
    window.localStorage.setItem(KEY, orgId);
  } catch {
    // See above.
  }
}
