/**
 * The few DOM shapes that functions run inside the page (`page.evaluate`) use. The Node tsconfig has no DOM
 * library, and adding it would give every script and benchmark `window` and `document` too; those functions
 * start with `const w = globalThis as unknown as PageWindow` instead. Types only: an evaluated function is
 * serialized into the page and cannot use anything imported at run time.
 */
export interface PageElement {
  tagName: string;
  id: string;
  textContent: string | null;
  parentElement: PageElement | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { top: number; bottom: number; width: number; right: number; height: number };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}

export interface ScrollableElement extends PageElement {
  clientWidth: number;
  clientHeight: number;
  scrollWidth: number;
  scrollHeight: number;
  scrollTop: number;
}

export interface PageDocument {
  documentElement: ScrollableElement;
  body: PageElement;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  fonts: { ready: Promise<unknown> };
}

export interface PageWindow {
  document: PageDocument;
  getComputedStyle(element: PageElement): { overflowX: string; overflowY: string; position: string };
  requestAnimationFrame(callback: () => void): number;
  performance: { now(): number };
}
