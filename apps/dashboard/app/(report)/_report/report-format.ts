/** An ISO time as the report prints it: "2026-12-03 09:15:30 UTC". */
export function utc(iso: string): string {
  return `${iso.slice(0, 19).replace("T", " ")} UTC`;
}

/** A signed difference to four places: "+0.0004", "−0.0450". */
export function signed(value: number): string {
  return `${value > 0 ? "+" : value < 0 ? "−" : "±"}${Math.abs(value).toFixed(4)}`;
}
