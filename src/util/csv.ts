/**
 * Makes a text cell safe to open in a spreadsheet: a value starting with `=`, `+`, `-`, `@`, a tab
 * or a carriage return would be run as a formula (CSV injection, OWASP), so it gets a leading
 * apostrophe, which spreadsheets show as text. Other values are returned unchanged.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Quotes a CSV field when it holds a comma, a double quote, CR or LF (RFC 4180), doubling inner quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV line (no line end) from already formatted fields. */
export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(",");
}
