// Export of the customer list as the user sees it (filters, scope, masking) to CSV or Excel,
// streamed page by page so memory stays flat however large the list.
import { PassThrough, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { customerExportColumns, type Customer, type CustomerExportQuery } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { requirePermission } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { isMessageKey, translate, type MessageKey } from '../../platform/i18n/index.js';
import { listCustomers } from './service.js';

type ExportColumn = (typeof customerExportColumns)[number];

/** Columns whose stored keys are shown as words in the user's language. */
const translatedValues = new Set<ExportColumn>(['type', 'stage', 'status', 'source']);

function cell(ctx: Ctx, c: Customer, col: ExportColumn): string {
  const v = c[col];
  if (translatedValues.has(col) && typeof v === 'string') {
    const key = `values.customer.${col}.${v}`;
    return isMessageKey(key) ? translate(ctx.locale, key) : v;
  }
  if (col === 'phones') return c.phones.map((p) => p.number).join('; ');
  if (Array.isArray(v)) return v.join('; ');
  return v === null || v === undefined ? '' : String(v);
}

const PAGE = 500;

/** Every row of the filtered list, fetched page by page with the list's own keyset cursor. */
async function* rows(ctx: Ctx, query: z.output<typeof CustomerExportQuery>) {
  let cursor: string | undefined;
  const { format: _f, columns: _c, ...filters } = query;
  do {
    const page = await listCustomers(ctx, { ...filters, limit: PAGE, cursor });
    yield* page.data;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export async function exportCustomers(ctx: Ctx, query: z.output<typeof CustomerExportQuery>): Promise<{ stream: Readable; filename: string; contentType: string }> {
  requirePermission(ctx, 'customers:export');
  const columns: readonly ExportColumn[] = query.columns?.length ? query.columns : customerExportColumns;
  const headers = columns.map((c) => translate(ctx.locale, `fields.customer.${c}` as MessageKey));
  const stamp = ctx.now().slice(0, 10);
  const { format: _f, columns: _c, ...filters } = query;
  await ctx.tx(async (tx) => {
    await recordAudit(tx, { action: 'customer.export', objectType: 'customer', objectId: null, meta: { format: query.format, columns, filters } });
  });

  if (query.format === 'csv') {
    // A byte-order mark so that Excel opens Chinese text as UTF-8.
    const out = new PassThrough();
    out.write('\uFEFF');
    const csv = stringify({ header: true, columns: headers });
    csv.pipe(out);
    void (async () => {
      try {
        for await (const c of rows(ctx, query)) {
          if (!csv.write(columns.map((col) => cell(ctx, c, col)))) await new Promise((r) => csv.once('drain', r));
        }
        csv.end();
      } catch (err) {
        out.destroy(err as Error);
      }
    })();
    return { stream: out, filename: `customers-${stamp}.csv`, contentType: 'text/csv; charset=utf-8' };
  }

  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet(translate(ctx.locale, 'objects.customer'));
  sheet.columns = headers.map((header) => ({ header, width: 18 }));
  void (async () => {
    try {
      for await (const c of rows(ctx, query)) sheet.addRow(columns.map((col) => cell(ctx, c, col))).commit();
      sheet.commit();
      await workbook.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return { stream: out, filename: `customers-${stamp}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}
