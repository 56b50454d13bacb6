// Reading an uploaded file as rows of text cells, whatever it is: CSV in UTF-8 (with or
// without BOM) or GBK/GB18030, Excel (.xlsx, first sheet), or vCard (one row per card).
// Rows stream one at a time so a million-row file never sits in memory as parsed rows.
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import type { ImportFormat } from '@kehu/shared';

export type Format = (typeof ImportFormat)['options'][number];

/** The file's format, from its first bytes (xlsx is a zip) and then its name. */
export function detectFormat(name: string, head: Buffer): Format | null {
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return /\.xlsx$/i.test(name) ? 'xlsx' : null;
  const text = head.subarray(0, 200).toString('latin1').replace(/^\uFEFF|^ï»¿/, '').trimStart();
  if (/^BEGIN:VCARD/i.test(text) || /\.vcf$/i.test(name)) return 'vcard';
  if (/\.(csv|txt)$/i.test(name)) return 'csv';
  return null;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** UTF-8 when the bytes decode as UTF-8 (a cut-off last character allowed), else GB18030, which covers GBK and GB2312. */
export function detectEncoding(head: Buffer): 'utf-8-bom' | 'utf-8' | 'gb18030' {
  if (head.subarray(0, 3).equals(BOM)) return 'utf-8-bom';
  for (let cut = 0; cut <= 3 && cut < head.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut));
      return 'utf-8';
    } catch {
      // A multi-byte character may be split at the end of the sample: try a shorter one.
    }
  }
  return 'gb18030';
}

export interface RowSource {
  /** Rows of cells, the header row first. */
  rows(): AsyncGenerator<string[]>;
  encoding: string | null;
}

/** Text of any cell exceljs gives: rich text, hyperlinks, formulas, dates. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Excel dates carry no zone; a date without a time is shown as the date alone.
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

async function* csvRows(chunks: () => AsyncIterable<Buffer>, encoding: string): AsyncGenerator<string[]> {
  const decoded = Readable.from(chunks()).pipe(iconv.decodeStream(encoding === 'gb18030' ? 'gb18030' : 'utf8', { stripBOM: true }));
  const parser = decoded.pipe(parse({ relax_column_count: true, skip_empty_lines: true, relax_quotes: true, trim: false }));
  for await (const record of parser as AsyncIterable<string[]>) yield record;
}

async function* xlsxRows(chunks: () => AsyncIterable<Buffer>): AsyncGenerator<string[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(chunks()), { sharedStrings: 'cache', hyperlinks: 'cache', styles: 'cache', worksheets: 'emit' });
  for await (const sheet of reader) {
    let expected = 1;
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      // Blank rows are not emitted; keep the numbering the same as the sheet the user sees.
      for (; expected < row.number; expected++) yield [];
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      yield values.map((v) => cellText(v).trim());
      expected = row.number + 1;
    }
    return; // the first sheet only
  }
}

export const vcardHeaders = ['Name', 'Company', 'Department', 'Title', 'Phone', 'Email', 'Birthday', 'Note'];

async function* vcardRows(chunks: () => AsyncIterable<Buffer>): AsyncGenerator<string[]> {
  const parts: Buffer[] = [];
  for await (const c of chunks()) parts.push(c);
  const text = iconv.decode(Buffer.concat(parts), detectEncoding(parts[0] ?? Buffer.alloc(0)) === 'gb18030' ? 'gb18030' : 'utf8');
  const parsed = ICAL.parse(text.replace(/^\uFEFF/, '')) as unknown[];
  const cards = Array.isArray(parsed[0]) ? (parsed as unknown[][]) : [parsed];
  yield vcardHeaders;
  for (const jcard of cards) {
    const card = new ICAL.Component(jcard as unknown as string);
    const value = (name: string) => {
      const v = card.getFirstPropertyValue(name);
      return v === null || v === undefined ? '' : String(v);
    };
    const org = (card.getFirstProperty('org')?.getValues()[0] ?? []) as string[] | string;
    const [company = '', department = ''] = Array.isArray(org) ? org : [org];
    const structured = card.getFirstPropertyValue('n') as string[] | null;
    const name = value('fn') || (Array.isArray(structured) ? `${structured[0] ?? ''}${structured[1] ?? ''}` : '');
    yield [
      name,
      company,
      department,
      value('title'),
      card.getAllProperties('tel').map((p) => String(p.getFirstValue())).join('; '),
      card.getAllProperties('email').map((p) => String(p.getFirstValue())).join('; '),
      value('bday').slice(0, 10),
      value('note'),
    ];
  }
}

/** A reader over the file's chunks; `chunks` is called again for each pass over the file. */
export function rowSource(format: Format, chunks: () => AsyncIterable<Buffer>, head: Buffer): RowSource {
  if (format === 'xlsx') return { encoding: null, rows: () => xlsxRows(chunks) };
  if (format === 'vcard') return { encoding: null, rows: () => vcardRows(chunks) };
  const encoding = detectEncoding(head.subarray(0, 64 * 1024));
  return { encoding, rows: () => csvRows(chunks, encoding) };
}
