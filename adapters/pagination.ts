/**
 * Page-number paging now lives in the adapter kit (`adapters/kit/page-number.ts`); this re-export keeps the
 * existing listers' imports working unchanged.
 */
export { MAX_LISTING_RESTARTS, pagesByNumber, PREFETCH_PAGES } from "./kit/page-number";
export type { NumberedPage } from "./kit/page-number";
