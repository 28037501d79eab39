/**
 * Finding the header row. A CSV export starts with its header; a spreadsheet often does
 * not: a title ("Calls for Service 2019"), a note, or a two-level header made of merged
 * cells sits above it. Guessing past such rows silently would map the wrong columns, so
 * the gate stops with the row that looks like the header and the flag to choose it.
 */
import { inputError } from '../errors.js';
import { ArrayRecord, copyFields } from './array-record.js';
import type { RawRecord } from './record.js';

/** Non-empty rows looked at before deciding where the header is. */
const WINDOW = 10;

export interface HeaderGateOptions {
  /** The header's row (1-based line or worksheet row) as given by --header-row; rows above it are skipped. */
  headerRow?: number;
  /** Look for a title above the header (workbooks); without it the first row is the header. */
  detectTitle: boolean;
  fileName: string;
  /** Told the header's width, so records can be padded to it. */
  onHeaderWidth?: (width: number) => void;
}

const filled = (fields: string[]): number => fields.reduce((n, f) => n + (f.trim() === '' ? 0 : 1), 0);

/**
 * Index of the row in `rows` that looks like the header: the first one filled at least
 * half as wide as the widest row (and two cells), or 0 when nothing stands out.
 */
export function likelyHeaderIndex(rows: string[][]): number {
  const counts = rows.map(filled);
  const widest = Math.max(0, ...counts);
  if (widest < 2) return 0;
  const need = Math.max(2, Math.ceil(widest / 2));
  const i = counts.findIndex((c) => c >= need);
  return i < 0 ? 0 : i;
}

/** Passes records on from the header row onwards; buffers the first few while deciding. */
export class HeaderGate {
  private open = false;
  private readonly held: { fields: string[]; line: number }[] = [];

  constructor(
    private readonly options: HeaderGateOptions,
    private readonly onRecord: (rec: RawRecord) => void,
  ) {}

  push(rec: RawRecord): void {
    if (this.open) {
      this.onRecord(rec);
      return;
    }
    const { headerRow } = this.options;
    if (headerRow !== undefined) {
      if (rec.line < headerRow) return;
      if (rec.line > headerRow) {
        throw inputError(`row ${headerRow} (given by --header-row) is empty; the first row below it with values is row ${rec.line}`, { file: this.options.fileName, line: headerRow }, `Use --header-row ${rec.line}`);
      }
      this.open = true;
      this.options.onHeaderWidth?.(rec.length);
      this.onRecord(rec);
      return;
    }
    if (!this.options.detectTitle) {
      this.open = true;
      this.onRecord(rec);
      return;
    }
    this.held.push({ fields: copyFields(rec), line: rec.line });
    if (this.held.length >= WINDOW) this.decide();
  }

  /** Call at the end of the input (a sheet with fewer rows than the window). */
  finish(): void {
    if (!this.open && this.held.length) this.decide();
  }

  private decide(): void {
    const rows = this.held.map((h) => h.fields);
    const at = likelyHeaderIndex(rows);
    if (at > 0) {
      const first = this.held[0];
      const text = first.fields.find((f) => f.trim() !== '')?.trim() ?? '';
      const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
      const header = this.held[at].line;
      throw inputError(
        `row ${first.line} looks like a title ("${shown}"), not a header (${filled(first.fields)} of ${Math.max(...rows.map(filled))} columns filled; merged cells?); the header seems to be on row ${header}`,
        { file: this.options.fileName, line: first.line },
        `Use --header-row ${header}`,
      );
    }
    this.open = true;
    const width = this.held[0].fields.length;
    this.options.onHeaderWidth?.(width);
    const replay = new ArrayRecord();
    for (const h of this.held.splice(0)) {
      while (h.fields.length < width) h.fields.push('');
      this.onRecord(replay.set(h.fields, h.line));
    }
  }
}
