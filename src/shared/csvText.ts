// CSV cells (RFC 4180 quoting) that a spreadsheet never runs as a formula: shared by the
// host's event export and the webview's chart export.

/** Characters that make Excel/LibreOffice/Sheets treat a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: formula-safe, quoted when it holds a quote, comma or line break. */
export function csvCell(value: string): string {
  const s = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: readonly string[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}
