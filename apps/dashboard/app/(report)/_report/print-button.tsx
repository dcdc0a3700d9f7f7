"use client";

/** The browser's own print dialog (the print stylesheet lays the report out on A4 pages). */
export function PrintButton() {
  return (
    <button type="button" onClick={() => window.print()} data-testid="report-print">
      Print
    </button>
  );
}
