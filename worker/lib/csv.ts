/**
 * CSV as RFC 4180 describes it (CRLF line ends; a field holding a comma, quote or line break is quoted, its
 * quotes doubled), made safe to open in a spreadsheet: a cell that would start with = + - @ (or a tab or
 * carriage return, which some spreadsheets skip before reading a formula) is prefixed with an apostrophe, so
 * text someone typed into EdgeDock — a name, an email, a user agent — is shown as text and never run as a formula.
 */

const FORMULA_START = /^[\s]*[=+\-@]|^[\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  // Numbers are written by us, not typed by anyone: a negative number stays a number.
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
