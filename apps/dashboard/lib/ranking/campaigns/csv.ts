export type CsvValue = string | number | boolean | Date | null | undefined;

/**
 * One CSV cell by RFC 4180: a field holding a comma, a double quote, CR or LF is enclosed in double
 * quotes with inner quotes doubled. Missing values are empty, numbers keep full precision, dates are
 * ISO 8601 UTC. Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR:
 * OWASP "CSV injection") is prefixed with an apostrophe; numbers are never altered.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = value instanceof Date ? value.toISOString() : value;
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A CSV document: a header row, then the rows; CRLF line ends as RFC 4180 specifies. */
export function toCsv(header: string[], rows: CsvValue[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
