// Shared class lists, kept in one place so every form control and button looks and focuses alike.

const buttonBase =
  "inline-flex items-center justify-center gap-2 rounded-md px-3.5 py-2 text-sm font-medium whitespace-nowrap transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:cursor-not-allowed disabled:opacity-60";

export const buttonStyles = {
  primary: `${buttonBase} bg-indigo-600 text-white hover:bg-indigo-500 dark:bg-indigo-500 dark:hover:bg-indigo-400`,
  secondary: `${buttonBase} border border-slate-300 bg-white text-slate-800 hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`,
  quiet: `${buttonBase} text-slate-700 hover:bg-slate-200/70 dark:text-slate-300 dark:hover:bg-slate-800`,
  /** Confirms something that cannot be undone. */
  danger: `${buttonBase} bg-red-600 text-white hover:bg-red-500 dark:bg-red-600 dark:hover:bg-red-500`,
  /** Starts something that cannot be undone (which then asks for confirmation). */
  dangerSecondary: `${buttonBase} border border-red-300 bg-white text-red-700 hover:bg-red-50 dark:border-red-900 dark:bg-slate-900 dark:text-red-300 dark:hover:bg-red-950/40`,
} as const;

// text-base below `sm` because iOS zooms into inputs whose font is smaller than 16px.
const fieldBase =
  "rounded-md border border-slate-300 bg-white text-base text-slate-900 shadow-xs placeholder:text-slate-400 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/40 focus:outline-none disabled:opacity-60 sm:text-sm dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-500";

export const inputStyles = `block w-full px-3 py-2 ${fieldBase}`;

// Room on the right for the arrow.
export const selectStyles = `block w-full py-2 pr-8 pl-3 ${fieldBase}`;

/** A select inside a table row: only as wide as its options. */
export const compactSelectStyles = `block min-w-32 py-1.5 pr-8 pl-2.5 ${fieldBase}`;

export const labelStyles = "block text-sm font-medium text-slate-800 dark:text-slate-200";

export const helpStyles = "text-sm text-slate-500 dark:text-slate-400";

export const linkStyles =
  "font-medium text-indigo-600 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:text-indigo-400";

export const cardStyles =
  "rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900";
