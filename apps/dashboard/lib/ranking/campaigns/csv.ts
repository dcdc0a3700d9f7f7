export type CsvValue = string | number | boolean | Date | null | undefined;

/**
 * One CSV cell by RFC 4180: a field holding a comma, a double quote, CR or LF is enclosed in double
 * quotes with inner quotes doubled. Missing values are empty, numbers keep full precision, dates are
 * ISO 8601 UTC. Numbers are never altered.
 *
 * Text a spreadsheet would run as a formula is defused as OWASP's "CSV Injection" page recommends: a
 * cell starting with =, +, -, @, tab or CR gets a leading apostrophe, and so does each such character
 * that starts a new cell after a separator inside the text — a `;` (the list separator in locales with
 * a decimal comma, which open this file split at `;`) or a `,`, with spaces or quotes between — since
 * `liver;=1+1` is two cells there, the second a formula.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = value instanceof Date ? value.toISOString() : value;
  const safe = defuse(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const FORMULA_START = /^[=+\-@\t\r]/;
// A separator, then optional spaces and quotes, then a formula character: the apostrophe goes in front
// of that character, where the new cell's content begins.
const AFTER_SEPARATOR = /([;,][ "']*)(?=[=+\-@\t\r])/g;

function defuse(text: string): string {
  const inner = text.replace(AFTER_SEPARATOR, "$1'");
  return FORMULA_START.test(inner) ? `'${inner}` : inner;
}

/** A CSV document: a header row, then the rows; CRLF line ends as RFC 4180 specifies. */
export function toCsv(header: string[], rows: CsvValue[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
