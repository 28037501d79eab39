/**
 * CSV output shared by every writer. Cells that a spreadsheet would run as a formula
 * (leading = + - @, tab or carriage return) are prefixed with an apostrophe — the
 * OWASP recommendation for CSV injection — except plain numbers like -3.5.
 */
export function neutralise(value: string): string {
  if (value === '') return value;
  const first = value.charCodeAt(0);
  const risky = first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13;
  if (!risky) return value;
  if ((first === 45 || first === 43) && /^[-+]?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(value)) return value;
  return `'${value}`;
}

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : neutralise(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: (string | number | null | undefined)[]): string {
  return values.map(csvCell).join(',') + '\n';
}
