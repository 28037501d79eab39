/**
 * The parts of a workbook read before its rows: the sheet list (workbook.xml and its
 * relationships), the date system, which cell styles show dates (styles.xml), and the
 * shared strings. Shared strings are kept as one UTF-8 buffer with offsets — a few bytes
 * per distinct text instead of a JS string object each.
 */
import { posix } from 'node:path';
import { attribute, decodeText, eachAttribute, nameIs, unescapeExcel, type XmlHandler } from './xml.js';
import { builtinDateStyle, customDateStyle, DateKind, type DateStyle } from './dates.js';
import type { ZipParts } from './zip.js';

export interface SheetEntry {
  name: string;
  /** Part name of its XML, e.g. xl/worksheets/sheet1.xml; null for chart sheets and other non-worksheets. */
  part: string | null;
  hidden: boolean;
}

export interface WorkbookMeta {
  sheets: SheetEntry[];
  date1904: boolean;
  /** Date style of each cell style index (the `s` attribute of a cell). */
  cellStyles: DateStyle[];
  strings: SharedStrings;
}

export class SharedStrings {
  bytes = Buffer.alloc(1 << 16);
  private ends = new Int32Array(1024);
  private used = 0;
  count = 0;

  add(text: string): void {
    const need = Buffer.byteLength(text);
    if (this.used + need > this.bytes.length) {
      const bigger = Buffer.alloc(Math.max(this.bytes.length * 2, this.used + need));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    this.used += this.bytes.write(text, this.used);
    if (this.count === this.ends.length) {
      const bigger = new Int32Array(this.ends.length * 2);
      bigger.set(this.ends);
      this.ends = bigger;
    }
    this.ends[this.count++] = this.used;
  }

  start(i: number): number {
    return i === 0 ? 0 : this.ends[i - 1];
  }

  end(i: number): number {
    return this.ends[i];
  }

  get(i: number): string {
    return this.bytes.toString('utf8', this.start(i), this.end(i));
  }

  /** Indexes of strings longer than the record limit, stored empty: a row using one is refused, naming it. */
  private cuts: Set<number> | null = null;

  addCut(): void {
    (this.cuts ??= new Set()).add(this.count);
    this.add('');
  }

  cut(i: number): boolean {
    return this.cuts !== null && this.cuts.has(i);
  }
}

const REL = {
  officeDocument: /\/officeDocument$/,
  worksheet: /\/worksheet$/,
  styles: /\/styles$/,
  sharedStrings: /\/sharedStrings$/,
};

interface Relationship {
  id: string;
  type: string;
  target: string;
}

/** Collects the elements named `name` with their attributes (small parts only). */
function collect(name: string, into: Record<string, string>[], keep?: () => boolean): XmlHandler {
  return {
    open(buf, ns, ne, ae) {
      if (!nameIs(buf, ns, ne, name) || (keep && !keep())) return;
      const attrs: Record<string, string> = {};
      eachAttribute(buf, ne, ae, (as, aend, vs, ve) => (attrs[buf.toString('latin1', as, aend)] = decodeText(buf, vs, ve)));
      into.push(attrs);
    },
    close() {},
    text() {},
  };
}

async function relationships(zip: ZipParts, part: string): Promise<Relationship[]> {
  const relsPart = posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
  if (!zip.has(relsPart)) return [];
  const found: Record<string, string>[] = [];
  await zip.parse(relsPart, collect('Relationship', found));
  return found
    .filter((r) => r.TargetMode !== 'External')
    .map((r) => ({
      id: r.Id ?? '',
      type: r.Type ?? '',
      // Targets are relative to the part's folder, or absolute from the package root.
      target: r.Target?.startsWith('/') ? r.Target.slice(1) : posix.normalize(posix.join(posix.dirname(part), r.Target ?? '')),
    }));
}

/** maxStringBytes: a shared string longer than this (raw, as stored) is kept only as a mark (SharedStrings.cut). */
export async function readWorkbookMeta(zip: ZipParts, maxStringBytes: number): Promise<WorkbookMeta> {
  const root = await relationships(zip, '');
  const workbookPart = root.find((r) => REL.officeDocument.test(r.type))?.target ?? 'xl/workbook.xml';
  const rels = await relationships(zip, workbookPart);
  const byId = new Map(rels.map((r) => [r.id, r]));

  const sheetTags: Record<string, string>[] = [];
  const props: Record<string, string>[] = [];
  const sheets = collect('sheet', sheetTags);
  const pr = collect('workbookPr', props);
  await zip.parse(workbookPart, {
    open: (b, s, e, a) => (sheets.open(b, s, e, a), pr.open(b, s, e, a)),
    close() {},
    text() {},
  });
  const date1904 = props.some((p) => p.date1904 === '1' || p.date1904 === 'true');
  const sheetList: SheetEntry[] = sheetTags.map((t) => {
    const rel = byId.get(t.id ?? '');
    return {
      name: t.name ?? '',
      part: rel && REL.worksheet.test(rel.type) && zip.has(rel.target) ? rel.target : null,
      hidden: t.state === 'hidden' || t.state === 'veryHidden',
    };
  });

  const stylesPart = rels.find((r) => REL.styles.test(r.type))?.target;
  const cellStyles = stylesPart && zip.has(stylesPart) ? await readStyles(zip, stylesPart) : [];
  const strings = new SharedStrings();
  const stringsPart = rels.find((r) => REL.sharedStrings.test(r.type))?.target;
  if (stringsPart && zip.has(stringsPart)) await zip.parse(stringsPart, sharedStringsHandler(strings, maxStringBytes));
  return { sheets: sheetList, date1904, cellStyles, strings };
}

async function readStyles(zip: ZipParts, part: string): Promise<DateStyle[]> {
  const formats = new Map<number, DateStyle>();
  const xfs: Record<string, string>[] = [];
  let inCellXfs = false;
  const xf = collect('xf', xfs, () => inCellXfs);
  await zip.parse(part, {
    open(buf, ns, ne, ae) {
      if (nameIs(buf, ns, ne, 'cellXfs')) inCellXfs = true;
      else if (nameIs(buf, ns, ne, 'numFmt')) {
        const id = Number(attribute(buf, ne, ae, 'numFmtId'));
        const code = attribute(buf, ne, ae, 'formatCode') ?? '';
        formats.set(id, customDateStyle(code));
      } else xf.open(buf, ns, ne, ae);
    },
    close(buf, ns, ne) {
      if (nameIs(buf, ns, ne, 'cellXfs')) inCellXfs = false;
    },
    text() {},
  });
  return xfs.map((x) => {
    const id = Number(x.numFmtId ?? 0);
    return formats.get(id) ?? builtinDateStyle(id);
  });
}

/** `<si>` holds `<t>` or rich-text runs `<r><t>…</t></r>`; phonetic guides (`<rPh>`) are not part of the text. */
function sharedStringsHandler(strings: SharedStrings, maxBytes: number): XmlHandler {
  let inSi = false;
  let inT = false;
  let inPhonetic = false;
  let text = '';
  let bytes = 0; // raw bytes of this string so far; past maxBytes the rest is not kept
  return {
    open(buf, ns, ne) {
      if (nameIs(buf, ns, ne, 'si')) {
        inSi = true;
        text = '';
        bytes = 0;
      } else if (nameIs(buf, ns, ne, 't')) inT = inSi && !inPhonetic;
      else if (nameIs(buf, ns, ne, 'rPh')) inPhonetic = true;
    },
    close(buf, ns, ne) {
      if (nameIs(buf, ns, ne, 't')) inT = false;
      else if (nameIs(buf, ns, ne, 'rPh')) inPhonetic = false;
      else if (nameIs(buf, ns, ne, 'si')) {
        if (bytes > maxBytes) strings.addCut();
        else strings.add(unescapeExcel(text));
        inSi = false;
      }
    },
    // Text may come in several pieces (xml.ts), each ending on a whole character and entity.
    text(buf, s, e, cdata) {
      if (!inT) return;
      bytes += e - s;
      if (bytes > maxBytes) text = '';
      else text += cdata ? buf.toString('utf8', s, e) : decodeText(buf, s, e);
    },
  };
}

export { DateKind };
