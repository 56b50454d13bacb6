// Export of the customer list as the user sees it (filters, scope, masking) to CSV or Excel,
// streamed page by page so memory stays flat however large the list.
import { PassThrough, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { createCtx } from '../../platform/context.js';
import { loadActor } from '../../platform/auth/actor.js';
import { newId } from '../../platform/crypto.js';
import { fromJson, toJson } from '../../platform/db/dialect.js';
import { errors } from '../../platform/http/errors.js';
import { enqueue, type JobHandler } from '../../platform/jobs.js';
import { fileStream, findFile, storeFile } from '../../platform/files.js';
import { DAY, MINUTE } from '../../platform/clock.js';
import { customerExportColumns, CustomerExportQuery, type Customer, type CustomField, type ExportJob, type PicklistField, type PicklistOption } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { requirePermission } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { isMessageKey, translate, type MessageKey } from '../../platform/i18n/index.js';
import { countCustomers, listCustomers } from './service.js';
import { listCustomFields } from './custom-fields.service.js';
import { getPicklist, optionLabel } from './picklists.service.js';

type ExportColumn = (typeof customerExportColumns)[number];
type Column = ExportColumn | `custom.${string}`;

/** Columns whose stored keys are shown as words in the user's language. */
const translatedValues = new Set<ExportColumn>(['type', 'status', 'source']);

/** A custom value as a person reads it: money in yuan, options by label, yes/no, lists joined. */
function customCell(ctx: Ctx, field: CustomField | undefined, value: unknown): string {
  if (value === null || value === undefined) return '';
  const label = (v: unknown) => {
    const option = field?.options.find((o) => o.value === v);
    return option ? (option.label[ctx.locale] || option.label['zh-CN']) : String(v);
  };
  switch (field?.type) {
    case 'money': {
      const m = value as { amount: number; currency: string };
      return `${(m.amount / 100).toFixed(2)} ${m.currency}`;
    }
    case 'boolean':
      return translate(ctx.locale, value ? 'values.yes' : 'values.no');
    case 'select':
      return label(value);
    case 'multi_select':
      return (value as unknown[]).map(label).join('; ');
    default:
      return Array.isArray(value) ? value.join('; ') : String(value);
  }
}

function cell(ctx: Ctx, c: Customer, column: Column, lists: Lists, fields: Map<string, CustomField>): string {
  if (column.startsWith('custom.')) {
    const key = column.slice(7);
    return customCell(ctx, fields.get(key), c.custom[key]);
  }
  const col = column as ExportColumn;
  const v = c[col];
  if ((col === 'stage' || col === 'industry') && typeof v === 'string') return optionLabel(lists[col], v, ctx.locale);
  if (translatedValues.has(col) && typeof v === 'string') {
    const key = `values.customer.${col}.${v}`;
    return isMessageKey(key) ? translate(ctx.locale, key) : v;
  }
  if (col === 'phones') return c.phones.map((p) => p.number).join('; ');
  if (Array.isArray(v)) return v.join('; ');
  return v === null || v === undefined ? '' : String(v);
}

type Lists = Record<'industry' | 'stage', PicklistOption[]>;

const PAGE = 500;

/** Every row of the filtered list, fetched page by page with the list's own keyset cursor. */
async function* rows(ctx: Ctx, query: z.output<typeof CustomerExportQuery>, onPage?: (n: number) => Promise<void>) {
  let cursor: string | undefined;
  const { format: _f, columns: _c, ...filters } = query;
  do {
    const page = await listCustomers(ctx, { ...filters, limit: PAGE, cursor });
    yield* page.data;
    await onPage?.(page.data.length);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export async function exportCustomers(
  ctx: Ctx,
  query: z.output<typeof CustomerExportQuery>,
  onPage?: (rows: number) => Promise<void>,
): Promise<{ stream: Readable; filename: string; contentType: string }> {
  requirePermission(ctx, 'customers:export');
  const fields = new Map((await listCustomFields(ctx, 'customer')).map((f) => [f.key, f]));
  const columns = (query.columns?.length ? query.columns : customerExportColumns) as readonly Column[];
  const headers = columns.map((c) => {
    if (!c.startsWith('custom.')) return translate(ctx.locale, `fields.customer.${c}` as MessageKey);
    const field = fields.get(c.slice(7));
    return field ? (field.label[ctx.locale] || field.label['zh-CN']) : c;
  });
  const stamp = ctx.now().slice(0, 10);
  const lists: Lists = { industry: (await getPicklist(ctx, 'industry')).options, stage: (await getPicklist(ctx, 'stage')).options };
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
        for await (const c of rows(ctx, query, onPage)) {
          if (!csv.write(columns.map((col) => cell(ctx, c, col, lists, fields)))) await new Promise((r) => csv.once('drain', r));
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
      for await (const c of rows(ctx, query, onPage)) sheet.addRow(columns.map((col) => cell(ctx, c, col, lists, fields))).commit();
      sheet.commit();
      await workbook.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return { stream: out, filename: `customers-${stamp}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}

// ---- large exports as a job ----------------------------------------------------------------

export const EXPORT_JOB = 'customers.export';
const KEEP_DAYS = 7;

function toExportJob(row: { id: string; status: ExportJob['status']; format: string; fileName: string | null; totalRows: number; processed: number; error: string | null; createdAt: string; finishedAt: string | null }): ExportJob {
  return { id: row.id, status: row.status, format: row.format as ExportJob['format'], fileName: row.fileName, totalRows: row.totalRows, processed: row.processed, error: row.error, createdAt: row.createdAt, finishedAt: row.finishedAt };
}

/** Queues an export of the whole filtered list; the job writes the file as the user who asked. */
export async function startExport(ctx: Ctx, query: z.output<typeof CustomerExportQuery>): Promise<ExportJob> {
  const actor = requirePermission(ctx, 'customers:export');
  const { format: _f, columns: _c, sort: _s, ...filters } = query;
  const total = await countCustomers(ctx, filters);
  const id = newId();
  await ctx.tx(async (tx) => {
    await tx.db.insertInto('exports').values({
      id, object: 'customers', status: 'queued', format: query.format, query: toJson(query), fileId: null, fileName: null,
      totalRows: total, processed: 0, error: null, createdBy: actor.userId, createdAt: tx.now(), finishedAt: null,
    }).execute();
    await enqueue(tx, EXPORT_JOB, { exportId: id }, { uniqueKey: `export:${id}` });
  });
  return getExport(ctx, id);
}

async function ownExport(ctx: Ctx, id: string) {
  const actor = requirePermission(ctx, 'customers:export');
  const row = await ctx.db.selectFrom('exports').selectAll().where('id', '=', id).where('createdBy', '=', actor.userId).executeTakeFirst();
  if (!row) throw errors.notFound('file');
  return row;
}

export async function getExport(ctx: Ctx, id: string): Promise<ExportJob> {
  return toExportJob(await ownExport(ctx, id));
}

export async function exportFile(ctx: Ctx, id: string): Promise<{ stream: Readable; filename: string; contentType: string }> {
  const row = await ownExport(ctx, id);
  const file = row.status === 'done' && row.fileId ? await findFile(ctx, row.fileId) : undefined;
  if (!file) throw errors.notFound('file');
  return { stream: fileStream(ctx, file.id), filename: file.name, contentType: file.contentType };
}

export const exportJob: JobHandler<{ exportId: string }> = {
  leaseMs: 10 * MINUTE,
  maxAttempts: 2,
  async run({ exportId }, job) {
    const sys = job.ctx;
    const row = await sys.db.selectFrom('exports').selectAll().where('id', '=', exportId).executeTakeFirst();
    if (!row || row.status === 'done') return;
    const actor = await loadActor(sys.db, row.createdBy, { kind: 'job' });
    if (!actor) {
      await sys.db.updateTable('exports').set({ status: 'failed', error: 'user no longer active', finishedAt: sys.now() }).where('id', '=', exportId).execute();
      return;
    }
    const ctx = createCtx(sys.platform, { actor, locale: actor.locale ?? 'zh-CN' });
    await sys.db.updateTable('exports').set({ status: 'running', processed: 0 }).where('id', '=', exportId).execute();
    try {
      const query = CustomerExportQuery.parse(fromJson(row.query));
      let processed = 0;
      const out = await exportCustomers(ctx, query, async (n) => {
        processed += n;
        await sys.db.updateTable('exports').set({ processed }).where('id', '=', exportId).execute();
        await job.extendLease();
      });
      const expiresAt = new Date(sys.platform.clock.now().getTime() + KEEP_DAYS * DAY).toISOString();
      const file = await storeFile(ctx, { name: out.filename, contentType: out.contentType, source: out.stream, expiresAt });
      await sys.db.updateTable('exports').set({ status: 'done', fileId: file.id, fileName: file.name, processed, finishedAt: sys.now() }).where('id', '=', exportId).execute();
    } catch (err) {
      await sys.db.updateTable('exports').set({ status: 'failed', error: (err as Error).message.slice(0, 500), finishedAt: sys.now() }).where('id', '=', exportId).execute();
      throw err;
    }
  },
};
