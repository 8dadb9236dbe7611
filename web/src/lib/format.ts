const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

const UNITS: ReadonlyArray<readonly [Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 86_400],
  ["month", 30 * 86_400],
  ["week", 7 * 86_400],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

/** "3 minutes ago", "in 2 hours"; anything within a minute reads as "now". */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = (at - now) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return relativeFormat.format(0, "second");
}

export function formatDateTime(iso: string): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : dateTimeFormat.format(at);
}

/** A sync interval in the largest whole unit: "15 min", "6 h", "90 s". */
export function formatInterval(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** The API and the shared schemas word messages in lower case ("name must not be empty"); users read sentences. */
export function asSentence(message: string): string {
  // A message may start with a value rather than a word ("ann@example.com is already a member"); values keep their case.
  const firstWord = message.split(/\s/, 1)[0] ?? "";
  if (/[@/.:_\d]/.test(firstWord.replace(/[.,;:]$/, ""))) return message;
  return message.charAt(0).toUpperCase() + message.slice(1);
}

const numberFormat = new Intl.NumberFormat();

/** "12,480": digits grouped as the reader's locale groups them. */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** "1 resource", "12,480 resources": grouped digits, singular for one. */
export function formatCount(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : plural}`;
}
