// Imports (导入) of customers, contacts and leads: upload → mapping → preview → a background job
// that writes each row through the same services as a manual edit → summary, rejected
// rows, undo. Rows are written in batches, each row inside its own savepoint, and a row's
// outcome is recorded in the same transaction as the row itself: after a crash the job
// resumes after the last recorded row and no row is ever half-written or written twice.
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import {
  ContactCreate, ContactPatch, CustomerCreate, CustomerPatch, LeadCreate, LeadPatch, importObjects, importPermissions, requiredImportFields,
  type CustomField, type Import, type ImportObject, type ImportPreview, type ImportRowIssue, type ImportSettings,
  type SavedImportMappingCreate,
} from '@kehu/shared';
import { createCtx, type Ctx } from '../../platform/context.js';
import { can, inScope, requireActor, requirePermission, scopeFilter } from '../../platform/authz/index.js';
import { loadActor } from '../../platform/auth/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { emit } from '../../platform/events.js';
import { decryptField, encryptField, newId } from '../../platform/crypto.js';
import { fromJson, toJson } from '../../platform/db/dialect.js';
import { AppError, errors } from '../../platform/http/errors.js';
import { problemTitle } from '../../platform/http/problem.js';
import { enqueue, type JobHandler } from '../../platform/jobs.js';
import { fileChunks, storeFile, FileTooLarge } from '../../platform/files.js';
import { translate, translateIssue } from '../../platform/i18n/index.js';
import { MINUTE } from '../../platform/clock.js';
import { nameKey, normalizePhone } from '../../platform/text.js';
import { detectFormat, rowSource, type Format } from './import-read.js';
import { fieldLabel, readRow, suggestMapping, headerKey, type RowContext, type RowInput } from './import-values.js';
import { listCustomFields, validateCustomValues } from './custom-fields.service.js';
import { findDuplicates, matchKeys } from './duplicates.service.js';
import { getPicklist } from './picklists.service.js';
import * as customers from './service.js';
import * as contacts from './contacts.service.js';
import * as leads from '../sales/leads.service.js';

export const IMPORT_JOB = 'customers.import.run';
export const UNDO_JOB = 'customers.import.undo';
const MAX_FILE_BYTES = 200 * 1024 * 1024;
const BATCH = 200;
const PREVIEW_ROWS = 50;

type ImportRow = NonNullable<Awaited<ReturnType<typeof findImport>>>;
type Settings = z.output<typeof ImportSettings>;
type Outcome = 'created' | 'updated' | 'skipped' | 'rejected';

function findImport(ctx: Ctx, id: string) {
  return ctx.db
    .selectFrom('imports')
    .leftJoin('users', 'users.id', 'imports.createdBy')
    .selectAll('imports')
    .select('users.name as createdByName')
    .where('imports.id', '=', id)
    .executeTakeFirst();
}

function toImport(row: ImportRow): Import {
  return {
    id: row.id,
    object: row.object as ImportObject,
    status: row.status as Import['status'],
    fileName: row.fileName,
    format: row.format as Format,
    encoding: row.encoding,
    headers: fromJson<string[]>(row.headers),
    totalRows: row.totalRows,
    mapping: row.mapping === null ? [] : fromJson<(string | null)[]>(row.mapping),
    duplicateMode: row.duplicateMode as Import['duplicateMode'],
    processed: row.processed,
    created: row.createdCount,
    updated: row.updatedCount,
    skipped: row.skippedCount,
    rejected: row.rejectedCount,
    undoKept: row.undoKept,
    error: row.error,
    createdBy: row.createdBy,
    createdByName: row.createdByName,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    undoneAt: row.undoneAt,
    version: row.version,
  };
}

const customFieldObject: Record<ImportObject, CustomField['object']> = { customers: 'customer', contacts: 'contact', leads: 'lead' };

function requireImporter(ctx: Ctx, object: ImportObject) {
  return requirePermission(ctx, importPermissions[object]);
}

/** The objects the actor may import: asking for one they may not is refused, and so is having none. */
function importableObjects(ctx: Ctx, object?: ImportObject): ImportObject[] {
  if (object) {
    requireImporter(ctx, object);
    return [object];
  }
  const objects = importObjects.filter((o) => can(ctx, importPermissions[o]));
  if (!objects.length) requireImporter(ctx, 'customers');
  return objects;
}

/** An import is its creator's; admins see everyone's. */
async function requireOwnImport(ctx: Ctx, id: string): Promise<ImportRow> {
  const actor = requireActor(ctx);
  const row = await findImport(ctx, id);
  if (!row || (row.createdBy !== actor.userId && !actor.isAdmin)) throw errors.notFound('import');
  requireImporter(ctx, row.object as ImportObject);
  return row;
}

// ---- reading the stored file -------------------------------------------------------------

async function firstChunk(ctx: Ctx, fileId: string): Promise<Buffer> {
  for await (const chunk of fileChunks(ctx, fileId)) return chunk;
  return Buffer.alloc(0);
}

/** Data rows with their line numbers in the file (the header is line 1); blank lines are passed over. */
async function* dataRows(ctx: Ctx, row: { fileId: string | null; format: string }): AsyncGenerator<{ rowNo: number; cells: string[] }> {
  if (!row.fileId) throw new AppError('import.bad_file', { detail: 'file removed' });
  const source = rowSource(row.format as Format, () => fileChunks(ctx, row.fileId!), await firstChunk(ctx, row.fileId));
  let line = 0;
  for await (const cells of source.rows()) {
    line++;
    if (line === 1) continue;
    if (cells.every((c) => c.trim() === '')) continue;
    yield { rowNo: line, cells };
  }
}

// ---- upload --------------------------------------------------------------------------------

async function savedMappingFor(ctx: Ctx, object: ImportObject, headers: string[]): Promise<(string | null)[] | null> {
  const saved = await ctx.db
    .selectFrom('importMappings')
    .select('columns')
    .where('object', '=', object)
    .where('createdBy', '=', requireActor(ctx).userId)
    .orderBy('updatedAt', 'desc')
    .limit(20)
    .execute();
  for (const m of saved) {
    const columns = new Map(Object.entries(fromJson<Record<string, string | null>>(m.columns)).map(([h, t]) => [headerKey(h), t]));
    if (headers.every((h) => columns.has(headerKey(h)))) return headers.map((h) => columns.get(headerKey(h)) ?? null);
  }
  return null;
}

export async function uploadImport(ctx: Ctx, upload: { object: ImportObject; fileName: string; source: AsyncIterable<Buffer> }): Promise<Import> {
  const actor = requireImporter(ctx, upload.object);
  const file = await storeFile(ctx, {
    name: upload.fileName,
    contentType: 'application/octet-stream',
    source: upload.source,
    maxBytes: MAX_FILE_BYTES,
    // Kept for undo and resume; housekeeping removes it after a month.
    expiresAt: new Date(ctx.platform.clock.now().getTime() + 30 * 24 * 60 * MINUTE).toISOString(),
  }).catch((err: unknown) => {
    if (err instanceof FileTooLarge) throw new AppError('payload_too_large');
    throw err;
  });
  const head = await firstChunk(ctx, file.id);
  const format = detectFormat(upload.fileName, head);
  if (!format) throw new AppError('import.unsupported_format');

  // One pass over the file: the header row and how many data rows follow.
  const source = rowSource(format, () => fileChunks(ctx, file.id), head);
  let headers: string[] = [];
  let total = 0;
  try {
    let line = 0;
    for await (const cells of source.rows()) {
      if (line++ === 0) headers = cells.map((h, i) => h.trim() || `#${i + 1}`);
      else if (cells.some((c) => c.trim() !== '')) total++;
    }
  } catch (err) {
    throw new AppError('import.bad_file', { detail: (err as Error).message.slice(0, 200) });
  }
  if (total === 0) throw new AppError('import.empty');

  const customFields = await listCustomFields(ctx, customFieldObject[upload.object]);
  const mapping = (await savedMappingFor(ctx, upload.object, headers)) ?? suggestMapping(upload.object, headers, customFields.filter((f) => !f.archived));
  const id = newId();
  const now = ctx.now();
  await ctx.tx(async (tx) => {
    await tx.db.insertInto('imports').values({
      id, object: upload.object, status: 'uploaded', fileId: file.id, fileName: upload.fileName, format, encoding: source.encoding,
      headers: toJson(headers), totalRows: total, mapping: toJson(mapping), duplicateMode: null,
      processed: 0, createdCount: 0, updatedCount: 0, skippedCount: 0, rejectedCount: 0, undoKept: 0,
      error: null, startedAt: null, finishedAt: null, undoneAt: null,
      createdBy: actor.userId, createdAt: now, updatedAt: now, version: 1,
    }).execute();
    await recordAudit(tx, { action: 'import.upload', objectType: 'import', objectId: id, meta: { object: upload.object, fileName: upload.fileName, rows: total, format } });
  });
  return getImport(ctx, id);
}

export async function getImport(ctx: Ctx, id: string): Promise<Import> {
  return toImport(await requireOwnImport(ctx, id));
}

export async function listImports(ctx: Ctx, query: { object?: ImportObject; limit: number }): Promise<Import[]> {
  const actor = requireActor(ctx);
  const objects = importableObjects(ctx, query.object);
  const rows = await ctx.db
    .selectFrom('imports')
    .leftJoin('users', 'users.id', 'imports.createdBy')
    .selectAll('imports')
    .select('users.name as createdByName')
    .$if(!actor.isAdmin, (q) => q.where('imports.createdBy', '=', actor.userId))
    .where('imports.object', 'in', objects)
    .orderBy('imports.createdAt', 'desc')
    .limit(query.limit)
    .execute();
  return rows.map(toImport);
}

// ---- one row -------------------------------------------------------------------------------

interface Run {
  ctx: Ctx;
  object: ImportObject;
  headers: string[];
  mapping: (string | null)[];
  mode: Settings['duplicateMode'];
  rc: RowContext;
  /** Contacts: customer ids by the name or id typed in the sheet. */
  customerCache: Map<string, string | 'ambiguous' | null>;
}

function checkMapping(ctx: Ctx, object: ImportObject, headers: string[], mapping: (string | null)[], customFields: Map<string, CustomField>) {
  if (mapping.length !== headers.length) {
    throw errors.invalidFields({ path: 'mapping', code: 'length', messageKey: 'format' });
  }
  for (const group of requiredImportFields[object]) {
    if (!group.some((field) => mapping.includes(field))) {
      throw new AppError('import.missing_required', { field: group.map((field) => fieldLabel(object, field, ctx.locale, customFields)).join(' / ') });
    }
  }
}

async function runFor(ctx: Ctx, row: ImportRow, settings: Settings): Promise<Run> {
  const object = row.object as ImportObject;
  const fields = await listCustomFields(ctx, customFieldObject[object]);
  const customFields = new Map(fields.filter((f) => !f.archived).map((f) => [f.key, f]));
  const headers = fromJson<string[]>(row.headers);
  checkMapping(ctx, object, headers, settings.mapping, customFields);
  const org = await ctx.db.selectFrom('organization').select(['timeZone', 'currency']).executeTakeFirst();
  const users = new Map<string, string | null>();
  return {
    ctx,
    object,
    headers,
    mapping: settings.mapping,
    mode: settings.duplicateMode,
    customerCache: new Map(),
    rc: {
      object,
      locale: ctx.locale,
      timeZone: org?.timeZone ?? 'Asia/Shanghai',
      currency: org?.currency ?? 'CNY',
      customFields,
      picklists: { industry: (await getPicklist(ctx, 'industry')).options, stage: (await getPicklist(ctx, 'stage')).options },
      async userId(value) {
        const key = value.trim().toLowerCase();
        if (!users.has(key)) {
          const user = await ctx.db
            .selectFrom('users')
            .select('id')
            .where('status', '=', 'active')
            .where((eb) => eb.or([eb(sql<string>`lower(email)`, '=', key), eb('name', '=', value.trim())]))
            .limit(2)
            .execute();
          users.set(key, user.length === 1 ? user[0]!.id : null);
        }
        return users.get(key) ?? null;
      },
    },
  };
}

/** The column behind a field path of a schema or service error. */
function issueFor(run: Run, read: RowInput, path: string, message: string): ImportRowIssue {
  const parts = path.split('.');
  let target = parts[0] === 'custom' ? `custom.${parts[1]}` : parts[0]!;
  if (target === 'ownerId') target = 'owner';
  if (target === 'customerId') target = 'customer';
  // A field left empty has no cell to point at; name the column mapped to it.
  const mapped = run.mapping.indexOf(target);
  const column = read.source.get(target)?.column ?? (mapped >= 0 ? (run.headers[mapped] ?? null) : null);
  return { column, field: fieldLabel(run.object, target, run.ctx.locale, run.rc.customFields), message };
}

function appErrorIssues(run: Run, read: RowInput, err: AppError): ImportRowIssue[] {
  if (err.fields.length) {
    return err.fields.map((f) => issueFor(run, read, f.path, translateIssue(run.ctx.locale, { code: f.code, message: f.messageKey })));
  }
  return [{ column: null, field: null, message: problemTitle(run.ctx.locale, err) }];
}

interface Decision {
  action: 'create' | 'update' | 'skip' | 'reject';
  issues: ImportRowIssue[];
  duplicateOf: string | null;
  /** For create: the full input; for update: the record and the fields the row sets. */
  create?: Record<string, unknown>;
  update?: { id: string; patch: Record<string, unknown> };
}

async function resolveCustomer(run: Run, value: string): Promise<string | 'ambiguous' | null> {
  const cached = run.customerCache.get(value);
  if (cached !== undefined) return cached;
  const scope = await scopeFilter(run.ctx, 'customers');
  let found: string | 'ambiguous' | null = null;
  if (/^[0-9a-f-]{36}$/i.test(value)) {
    found = (await customers.requireVisibleCustomer(run.ctx, value).then((c) => c.id, () => null));
  } else {
    const rows = await run.ctx.db
      .selectFrom('customerMatchKeys')
      .innerJoin('customers', 'customers.id', 'customerMatchKeys.customerId')
      .select(['customers.id', 'customers.name', 'customers.ownerId', 'customers.teamId'])
      .where('customerMatchKeys.kind', '=', 'name')
      .where('customerMatchKeys.value', '=', nameKey(value))
      .where('customers.deletedAt', 'is', null)
      .limit(20)
      .execute();
    const visible = rows.filter((r) => inScope(scope, r));
    const exact = visible.filter((r) => r.name.trim() === value.trim());
    const pick = exact.length ? exact : visible;
    found = pick.length === 1 ? pick[0]!.id : pick.length > 1 ? 'ambiguous' : null;
  }
  if (run.customerCache.size > 10_000) run.customerCache.clear();
  run.customerCache.set(value, found);
  return found;
}

/** A customer row as the create schema takes it; a new customer's type is company and its source import unless the row says otherwise. */
function parseCustomerRow(run: Run, read: RowInput): { ok: true; data: z.output<typeof CustomerCreate> } | { ok: false; issues: ImportRowIssue[] } {
  const { owner, customer: _c, ...fields } = read.input as Record<string, unknown> & { owner?: string; customer?: string };
  const parsed = CustomerCreate.safeParse({ type: 'company', source: 'import', ...fields, ...(owner ? { ownerId: owner } : {}) });
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => issueFor(run, read, i.path.join('.'), translateIssue(run.ctx.locale, i as never))) };
}

/** What a row would do, without writing anything. */
async function decide(run: Run, cells: string[]): Promise<{ read: RowInput; decision: Decision }> {
  const read = await readRow(run.rc, run.headers, run.mapping, cells);
  const reject = (issues: ImportRowIssue[]): { read: RowInput; decision: Decision } => ({ read, decision: { action: 'reject', issues, duplicateOf: null } });
  if (read.issues.length) return reject(read.issues);
  const { owner, customer, ...fields } = read.input as Record<string, unknown> & { owner?: string; customer?: string };

  if (run.object === 'customers') {
    const parsed = parseCustomerRow(run, read);
    if (!parsed.ok) return reject(parsed.issues);
    const data = parsed.data;
    const matches = await findDuplicates(run.ctx, { name: data.name, phones: data.phones, emails: data.emails, creditCode: data.creditCode });
    const first = matches[0];
    if (!first || run.mode === 'create') return { read, decision: { action: 'create', issues: [], duplicateOf: null, create: data } };
    if (run.mode === 'skip') return { read, decision: { action: 'skip', issues: [], duplicateOf: first.name } };
    const editable = matches.find((m) => m.id !== null);
    if (!editable) {
      return reject([{ column: null, field: null, message: translate(run.ctx.locale, 'import.issue.duplicate_not_editable', { name: first.name }) }]);
    }
    // Only what the row fills in changes; empty cells keep what the record has.
    const patch = CustomerPatch.parse({ ...fields, ...(owner ? { ownerId: owner } : {}) });
    return { read, decision: { action: 'update', issues: [], duplicateOf: editable.name, update: { id: editable.id!, patch } } };
  }

  if (run.object === 'leads') {
    const parsed = LeadCreate.safeParse({ source: 'import', ...fields, ownerId: owner ?? null });
    if (!parsed.success) return reject(parsed.error.issues.map((i) => issueFor(run, read, i.path.join('.'), translateIssue(run.ctx.locale, i as never))));
    const data = parsed.data;
    // Open leads only: a converted or disqualified lead does not stop the same person coming back.
    const twins = await leads.openLeadTwins(run.ctx, data);
    const first = twins[0];
    if (!first || run.mode === 'create') return { read, decision: { action: 'create', issues: [], duplicateOf: null, create: data } };
    if (run.mode === 'skip') return { read, decision: { action: 'skip', issues: [], duplicateOf: first.name } };
    const editable = twins.find((d) => d.id !== null);
    if (!editable) {
      return reject([{ column: null, field: null, message: translate(run.ctx.locale, 'import.issue.duplicate_lead_not_editable', { name: first.name }) }]);
    }
    // Only what the row fills in changes; empty cells keep what the lead has.
    const patch = LeadPatch.parse({ ...fields, ...(owner ? { ownerId: owner } : {}) });
    return { read, decision: { action: 'update', issues: [], duplicateOf: editable.name, update: { id: editable.id!, patch } } };
  }

  const customerId = customer ? await resolveCustomer(run, customer) : null;
  if (customerId === null || customerId === 'ambiguous') {
    const key = customerId === 'ambiguous' ? 'import.issue.ambiguous_customer' : 'import.issue.unknown_customer';
    return reject([{ column: read.source.get('customer')?.column ?? null, field: fieldLabel('contacts', 'customer', run.ctx.locale, run.rc.customFields), message: translate(run.ctx.locale, key, { value: customer ?? '' }) }]);
  }
  const parsed = ContactCreate.safeParse({ ...fields, customerId });
  if (!parsed.success) return reject(parsed.error.issues.map((i) => issueFor(run, read, i.path.join('.'), translateIssue(run.ctx.locale, i as never))));
  const data = parsed.data;
  const existing = await run.ctx.db.selectFrom('contacts').select(['id', 'name', 'phones', 'emails']).where('customerId', '=', customerId).where('deletedAt', 'is', null).execute();
  const phones = new Set((data.phones ?? []).map((p) => normalizePhone(p).e164).filter(Boolean));
  const emails = new Set(data.emails ?? []);
  const same = existing.find((c) =>
    nameKey(c.name) === nameKey(data.name) ||
    fromJson<{ e164: string | null }[]>(c.phones).some((p) => p.e164 && phones.has(p.e164)) ||
    fromJson<string[]>(c.emails).some((e) => emails.has(e)));
  if (!same || run.mode === 'create') return { read, decision: { action: 'create', issues: [], duplicateOf: null, create: data } };
  if (run.mode === 'skip') return { read, decision: { action: 'skip', issues: [], duplicateOf: same.name } };
  const patch = ContactPatch.parse(fields);
  return { read, decision: { action: 'update', issues: [], duplicateOf: same.name, update: { id: same.id, patch } } };
}

// ---- preview -------------------------------------------------------------------------------

/** The first rows as they are in the file, for choosing the mapping. */
export async function sampleRows(ctx: Ctx, id: string, limit: number): Promise<string[][]> {
  const row = await requireOwnImport(ctx, id);
  const rows: string[][] = [];
  for await (const r of dataRows(ctx, row)) {
    rows.push(r.cells);
    if (rows.length >= limit) break;
  }
  return rows;
}

export async function previewImport(ctx: Ctx, id: string, settings: Settings): Promise<ImportPreview> {
  const row = await requireOwnImport(ctx, id);
  const run = await runFor(ctx, row, settings);
  const rows: ImportPreview['rows'] = [];
  for await (const { rowNo, cells } of dataRows(ctx, row)) {
    const { read, decision } = await decide(run, cells);
    let issues = decision.issues;
    // Custom values are checked by the service on write; check them here too, writing nothing.
    if (!issues.length && read.input.custom) {
      try {
        await validateCustomValues(ctx, customFieldObject[run.object], read.input.custom as Record<string, unknown>, {});
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        issues = appErrorIssues(run, read, err);
      }
    }
    rows.push({ rowNo, cells, issues, action: issues.length ? 'reject' : decision.action, duplicateOf: decision.duplicateOf });
    if (rows.length >= PREVIEW_ROWS) break;
  }
  return { rows, checked: rows.length, withIssues: rows.filter((r) => r.issues.length).length };
}

// ---- start and run -------------------------------------------------------------------------

export async function startImport(ctx: Ctx, id: string, settings: Settings, version: number | undefined): Promise<Import> {
  const row = await requireOwnImport(ctx, id);
  if (row.status !== 'uploaded') throw new AppError('import.wrong_state');
  if (version !== undefined && version !== row.version) throw errors.versionConflict(row.version);
  await runFor(ctx, row, settings);
  await ctx.tx(async (tx) => {
    const updated = await tx.db
      .updateTable('imports')
      .set({ status: 'queued', mapping: toJson(settings.mapping), duplicateMode: settings.duplicateMode, updatedAt: tx.now(), version: row.version + 1 })
      .where('id', '=', id)
      .where('status', '=', 'uploaded')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('import.wrong_state');
    await recordAudit(tx, { action: 'import.start', objectType: 'import', objectId: id, meta: { object: row.object, fileName: row.fileName, rows: row.totalRows, duplicateMode: settings.duplicateMode } });
    await enqueue(tx, IMPORT_JOB, { importId: id }, { uniqueKey: `import:${id}` });
  });
  return getImport(ctx, id);
}

/** The context a job acts in: the importer, with their rights as they are now. */
async function importerCtx(ctx: Ctx, row: ImportRow): Promise<Ctx | null> {
  const actor = await loadActor(ctx.db, row.createdBy, { kind: 'job' });
  if (!actor) return null;
  const org = await ctx.db.selectFrom('organization').select('defaultLocale').executeTakeFirst();
  return createCtx(ctx.platform, { actor, locale: actor.locale ?? (org?.defaultLocale as Ctx['locale'] | undefined) ?? 'zh-CN' });
}

async function writeRow(run: Run, decision: Decision): Promise<{ outcome: Outcome; recordId: string | null; recordVersion: number | null; before: unknown }> {
  const { ctx } = run;
  if (decision.action === 'skip') return { outcome: 'skipped', recordId: null, recordVersion: null, before: null };
  if (decision.action === 'create' && run.object === 'leads') {
    // Written in the job's transaction; a row without owner is routed by the lead routing rules.
    const created = await leads.importLead(ctx, decision.create as z.output<typeof LeadCreate>);
    return { outcome: 'created', recordId: created.id, recordVersion: created.version, before: null };
  }
  if (decision.action === 'create') {
    const created = run.object === 'customers'
      ? await customers.createCustomer(ctx, decision.create as z.output<typeof CustomerCreate>, { assigning: true })
      : await contacts.createContact(ctx, decision.create as z.output<typeof ContactCreate>);
    return { outcome: 'created', recordId: created.id, recordVersion: created.version, before: null };
  }
  const { id, patch } = decision.update!;
  if (run.object === 'customers') {
    const current = await customers.getCustomer(ctx, id);
    const before = Object.fromEntries(Object.keys(patch).map((k) => [k, k === 'phones' ? current.phones.map((p) => p.number) : current[k as keyof typeof current]]));
    const clearImage = await clearBefore(ctx, id, before);
    const updated = await customers.updateCustomer(ctx, id, patch as z.output<typeof CustomerPatch>, current.version);
    return { outcome: 'updated', recordId: id, recordVersion: updated.version, before: clearImage };
  }
  if (run.object === 'leads') {
    const current = await leads.getLead(ctx, id);
    const before = Object.fromEntries(Object.keys(patch).map((k) => [k, current[k as keyof typeof current]]));
    const updated = await leads.updateLead(ctx, id, patch as z.output<typeof LeadPatch>, current.version);
    return { outcome: 'updated', recordId: id, recordVersion: updated.version, before };
  }
  const current = await contacts.getContact(ctx, id);
  const before = Object.fromEntries(Object.keys(patch).map((k) => [k, k === 'phones' ? current.phones.map((p) => p.number) : current[k as keyof typeof current]]));
  const updated = await contacts.updateContact(ctx, id, patch as z.output<typeof ContactPatch>, current.version);
  return { outcome: 'updated', recordId: id, recordVersion: updated.version, before };
}

/** Sensitive fields come back masked without pii:read; undo needs their stored values in clear. */
async function clearBefore(ctx: Ctx, id: string, before: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (!('idNumber' in before) && !('bankAccount' in before)) return before;
  const stored = await ctx.db.selectFrom('customers').select(['idNumber', 'bankAccount']).where('id', '=', id).executeTakeFirstOrThrow();
  const key = ctx.platform.config.secretKey;
  const clear = (v: string | null) => (v === null ? null : decryptField(key, v));
  return {
    ...before,
    ...('idNumber' in before ? { idNumber: clear(stored.idNumber) } : {}),
    ...('bankAccount' in before ? { bankAccount: clear(stored.bankAccount) } : {}),
  };
}

/** Runs one row inside a savepoint: it is written entirely or not at all. */
async function processRow(run: Run, importId: string, rowNo: number, cells: string[]): Promise<Outcome> {
  const { ctx } = run;
  await sql`savepoint import_row`.execute(ctx.db);
  let result: Awaited<ReturnType<typeof writeRow>> | null = null;
  let issues: ImportRowIssue[] = [];
  let read: RowInput | null = null;
  try {
    const decided = await decide(run, cells);
    read = decided.read;
    if (decided.decision.action === 'reject') issues = decided.decision.issues;
    else result = await writeRow(run, decided.decision);
    await sql`release savepoint import_row`.execute(ctx.db);
  } catch (err) {
    await sql`rollback to savepoint import_row`.execute(ctx.db);
    await sql`release savepoint import_row`.execute(ctx.db);
    if (err instanceof AppError) issues = appErrorIssues(run, read ?? { input: {}, source: new Map(), issues: [] }, err);
    else issues = [{ column: null, field: null, message: translate(ctx.locale, 'import.issue.write_failed', { detail: (err as Error).message.slice(0, 200) }) }];
    result = null;
  }
  const outcome: Outcome = result?.outcome ?? 'rejected';
  const key = ctx.platform.config.secretKey;
  await ctx.db.insertInto('importRows').values({
    importId,
    rowNo,
    outcome,
    recordId: result?.recordId ?? null,
    recordVersion: result?.recordVersion ?? null,
    reasons: outcome === 'rejected' ? toJson(issues) : null,
    raw: outcome === 'rejected' ? toJson(cells) : null,
    // The before-image can hold personal data: kept encrypted like the fields themselves.
    before: result?.before ? toJson({ sealed: encryptField(key, JSON.stringify(result.before)) }) : null,
  }).execute();
  return outcome;
}

/**
 * A batch of customer rows the fast way: rows are read and checked in memory, duplicates are
 * looked up for the whole batch in one query per kind of key, and new customers are written
 * with multi-row inserts. Rows that update an existing customer go through the single-row path.
 */
async function processCustomerBatch(run: Run, importId: string, rows: { rowNo: number; cells: string[] }[]): Promise<Outcome[]> {
  const { ctx } = run;
  type Parsed = { rowNo: number; cells: string[]; read: RowInput; data?: z.output<typeof CustomerCreate>; issues?: ImportRowIssue[]; keys: string[] };
  const parsed: Parsed[] = [];
  for (const r of rows) {
    const read = await readRow(run.rc, run.headers, run.mapping, r.cells);
    if (read.issues.length) {
      parsed.push({ ...r, read, issues: read.issues, keys: [] });
      continue;
    }
    const p = parseCustomerRow(run, read);
    if (!p.ok) {
      parsed.push({ ...r, read, issues: p.issues, keys: [] });
      continue;
    }
    const keys = matchKeys({ name: p.data.name, phones: (p.data.phones ?? []).map((x) => normalizePhone(x)), emails: p.data.emails ?? [], creditCode: p.data.creditCode ?? null });
    parsed.push({ ...r, read, data: p.data, keys: keys.map((k) => `${k.kind}:${k.value}`) });
  }

  // Existing customers that share a key with any row of the batch.
  const wanted = new Map<string, Set<string>>();
  for (const p of parsed) for (const k of p.keys) {
    const [kind, ...rest] = k.split(':');
    wanted.set(kind!, (wanted.get(kind!) ?? new Set()).add(rest.join(':')));
  }
  const existing = new Map<string, string>();
  for (const [kind, values] of wanted) {
    const found = await ctx.db.selectFrom('customerMatchKeys').innerJoin('customers', 'customers.id', 'customerMatchKeys.customerId')
      .select(['customerMatchKeys.value', 'customers.name']).where('customerMatchKeys.kind', '=', kind as never).where('customerMatchKeys.value', 'in', [...values])
      .where('customers.deletedAt', 'is', null).execute();
    for (const f of found) if (!existing.has(`${kind}:${f.value}`)) existing.set(`${kind}:${f.value}`, f.name);
  }

  const outcomes = new Map<number, { outcome: Outcome; recordId?: string; recordVersion?: number; issues?: ImportRowIssue[] }>();
  const toCreate: Parsed[] = [];
  const slow: Parsed[] = [];
  const inBatch = new Map<string, string>();
  for (const p of parsed) {
    if (!p.data) {
      outcomes.set(p.rowNo, { outcome: 'rejected', issues: p.issues! });
      continue;
    }
    const twin = p.keys.map((k) => existing.get(k) ?? inBatch.get(k)).find(Boolean);
    if (!twin || run.mode === 'create') {
      toCreate.push(p);
      for (const k of p.keys) if (!inBatch.has(k)) inBatch.set(k, p.data.name);
    } else if (run.mode === 'skip') {
      outcomes.set(p.rowNo, { outcome: 'skipped' });
    } else {
      slow.push(p);
    }
  }
  // Someone who may assign customers imports on purpose; a rep's rows that another rep owns (撞单) are rejected.
  const created = await customers.createCustomers(ctx, toCreate.map((p) => p.data!), { assigning: true });
  created.forEach((c, i) => {
    const p = toCreate[i]!;
    outcomes.set(p.rowNo, c.ok ? { outcome: 'created', recordId: c.id, recordVersion: c.version } : { outcome: 'rejected', issues: appErrorIssues(run, p.read, c.error) });
  });
  const values = parsed.filter((p) => outcomes.has(p.rowNo)).map((p) => {
    const o = outcomes.get(p.rowNo)!;
    return {
      importId, rowNo: p.rowNo, outcome: o.outcome, recordId: o.recordId ?? null, recordVersion: o.recordVersion ?? null,
      reasons: o.outcome === 'rejected' ? toJson(o.issues ?? []) : null, raw: o.outcome === 'rejected' ? toJson(p.cells) : null, before: null,
    };
  });
  for (let i = 0; i < values.length; i += 200) await ctx.db.insertInto('importRows').values(values.slice(i, i + 200)).execute();
  // Updates of existing customers, one row at a time with its own before-image.
  for (const p of slow) outcomes.set(p.rowNo, { outcome: await processRow(run, importId, p.rowNo, p.cells) });
  return rows.map((r) => outcomes.get(r.rowNo)!.outcome);
}

async function markFailed(ctx: Ctx, id: string, message: string) {
  await ctx.db.updateTable('imports').set({ status: 'failed', error: message.slice(0, 500), finishedAt: ctx.now(), updatedAt: ctx.now() }).where('id', '=', id).execute();
}

export const importJob: JobHandler<{ importId: string }> = {
  leaseMs: 10 * MINUTE,
  maxAttempts: 3,
  async run({ importId }, job) {
    const sys = job.ctx;
    const row = await findImport(sys, importId);
    if (!row || !['queued', 'running'].includes(row.status)) return;
    const ctx = await importerCtx(sys, row);
    if (!ctx) return markFailed(sys, importId, 'importer no longer active');
    try {
      await sys.db.updateTable('imports').set({ status: 'running', startedAt: row.startedAt ?? sys.now(), updatedAt: sys.now() }).where('id', '=', importId).execute();
      const settings = { mapping: fromJson<(string | null)[]>(row.mapping), duplicateMode: (row.duplicateMode ?? 'skip') as Settings['duplicateMode'] };
      // Resume after the last row whose outcome was committed.
      const last = await sys.db.selectFrom('importRows').select((eb) => eb.fn.max('rowNo').as('rowNo')).where('importId', '=', importId).executeTakeFirst();
      const after = Number(last?.rowNo ?? 0);
      let batch: { rowNo: number; cells: string[] }[] = [];
      const flush = async () => {
        if (!batch.length) return;
        const rows = batch;
        batch = [];
        await ctx.tx(async (tx) => {
          const run = await runFor(tx, row, settings);
          const counts: Record<Outcome, number> = { created: 0, updated: 0, skipped: 0, rejected: 0 };
          if (run.object === 'customers') {
            for (const o of await processCustomerBatch(run, importId, rows)) counts[o]++;
          } else {
            for (const r of rows) counts[await processRow(run, importId, r.rowNo, r.cells)]++;
          }
          await tx.db.updateTable('imports').set((eb) => ({
            processed: eb('processed', '+', rows.length),
            createdCount: eb('createdCount', '+', counts.created),
            updatedCount: eb('updatedCount', '+', counts.updated),
            skippedCount: eb('skippedCount', '+', counts.skipped),
            rejectedCount: eb('rejectedCount', '+', counts.rejected),
            updatedAt: tx.now(),
          })).where('id', '=', importId).execute();
        });
        await job.extendLease();
      };
      for await (const r of dataRows(sys, row)) {
        if (r.rowNo <= after) continue;
        batch.push(r);
        if (batch.length >= BATCH) await flush();
      }
      await flush();
      await ctx.tx(async (tx) => {
        const done = (await findImport(tx, importId))!;
        await tx.db.updateTable('imports').set({ status: 'done', finishedAt: tx.now(), updatedAt: tx.now(), version: done.version + 1 }).where('id', '=', importId).execute();
        const summary = { created: done.createdCount, updated: done.updatedCount, skipped: done.skippedCount, rejected: done.rejectedCount };
        await recordAudit(tx, { action: 'import.complete', objectType: 'import', objectId: importId, meta: { object: row.object, fileName: row.fileName, ...summary } });
        await emit(tx, 'import.completed', { id: importId, object: row.object, ...summary });
      });
    } catch (err) {
      if (job.attempt >= 3) await markFailed(sys, importId, (err as Error).message);
      throw err;
    }
  },
};

// ---- rejected rows -----------------------------------------------------------------------

/** The rejected rows as CSV: the file's own columns, then the row number and the reasons. */
export async function rejectedRowsFile(ctx: Ctx, id: string): Promise<{ stream: Readable; filename: string }> {
  const row = await requireOwnImport(ctx, id);
  const headers = fromJson<string[]>(row.headers);
  const columns = [translate(ctx.locale, 'import.rejected.rowNo'), ...headers, translate(ctx.locale, 'import.rejected.reasons')];
  const out = Readable.from((async function* () {
    // A byte-order mark so that Excel opens Chinese text as UTF-8.
    yield '\uFEFF' + stringify([columns]);
    let after = 0;
    for (;;) {
      const rows = await ctx.db.selectFrom('importRows').select(['rowNo', 'raw', 'reasons']).where('importId', '=', id).where('outcome', '=', 'rejected').where('rowNo', '>', after).orderBy('rowNo').limit(500).execute();
      if (!rows.length) return;
      yield stringify(rows.map((r) => {
        const reasons = fromJson<ImportRowIssue[]>(r.reasons).map((i) => (i.column ? `${i.column}: ${i.message}` : i.message)).join('; ');
        const cells = fromJson<string[]>(r.raw);
        return [String(r.rowNo), ...headers.map((_, i) => cells[i] ?? ''), reasons];
      }));
      after = rows.at(-1)!.rowNo;
    }
  })());
  const base = row.fileName.replace(/\.[^.]+$/, '');
  return { stream: out, filename: `${base}-rejected.csv` };
}

export async function rejectedRows(ctx: Ctx, id: string, limit: number) {
  await requireOwnImport(ctx, id);
  const rows = await ctx.db.selectFrom('importRows').select(['rowNo', 'raw', 'reasons']).where('importId', '=', id).where('outcome', '=', 'rejected').orderBy('rowNo').limit(limit).execute();
  return rows.map((r) => ({ rowNo: r.rowNo, cells: fromJson<string[]>(r.raw), issues: fromJson<ImportRowIssue[]>(r.reasons) }));
}

// ---- undo ----------------------------------------------------------------------------------

export async function undoImport(ctx: Ctx, id: string): Promise<Import> {
  const row = await requireOwnImport(ctx, id);
  if (row.status !== 'done') throw new AppError('import.wrong_state');
  await ctx.tx(async (tx) => {
    const updated = await tx.db.updateTable('imports').set({ status: 'undoing', processed: 0, updatedAt: tx.now(), version: row.version + 1 }).where('id', '=', id).where('status', '=', 'done').executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('import.wrong_state');
    await recordAudit(tx, { action: 'import.undo', objectType: 'import', objectId: id, meta: { object: row.object, fileName: row.fileName, created: row.createdCount, updated: row.updatedCount } });
    await enqueue(tx, UNDO_JOB, { importId: id }, { uniqueKey: `import-undo:${id}` });
  });
  return getImport(ctx, id);
}

/** Puts one record back as it was before the import, unless someone changed it since. */
async function undoRow(ctx: Ctx, importId: string, object: ImportObject, r: { outcome: string; recordId: string | null; recordVersion: number | null; before: unknown }): Promise<'undone' | 'kept'> {
  if (!r.recordId || r.recordVersion === null) return 'undone';
  const table = object === 'customers' ? 'customers' : object === 'leads' ? 'leads' : 'contacts';
  const current = await ctx.db.selectFrom(table).select(['version', 'deletedAt']).where('id', '=', r.recordId).executeTakeFirst();
  if (!current || current.deletedAt) return 'undone';
  if (current.version !== r.recordVersion) return 'kept';
  if (r.outcome === 'created') {
    if (object === 'customers') await customers.deleteCustomer(ctx, r.recordId);
    else if (object === 'leads') await leads.removeImportedLead(ctx, r.recordId, importId);
    else await contacts.deleteContact(ctx, r.recordId);
    return 'undone';
  }
  const before = JSON.parse(decryptField(ctx.platform.config.secretKey, fromJson<{ sealed: string }>(r.before).sealed)) as Record<string, unknown>;
  if (object === 'customers') await customers.updateCustomer(ctx, r.recordId, CustomerPatch.parse(before), r.recordVersion);
  else if (object === 'leads') await leads.updateLead(ctx, r.recordId, LeadPatch.parse(before), r.recordVersion);
  else await contacts.updateContact(ctx, r.recordId, ContactPatch.parse(before), r.recordVersion);
  return 'undone';
}

export const undoJob: JobHandler<{ importId: string }> = {
  leaseMs: 10 * MINUTE,
  maxAttempts: 3,
  async run({ importId }, job) {
    const sys = job.ctx;
    const row = await findImport(sys, importId);
    if (!row || row.status !== 'undoing') return;
    const ctx = await importerCtx(sys, row);
    if (!ctx) return markFailed(sys, importId, 'importer no longer active');
    const object = row.object as ImportObject;
    let after = 0;
    for (;;) {
      const rows = await sys.db.selectFrom('importRows').select(['rowNo', 'outcome', 'recordId', 'recordVersion', 'before'])
        .where('importId', '=', importId).where('outcome', 'in', ['created', 'updated']).where('rowNo', '>', after).orderBy('rowNo').limit(BATCH).execute();
      if (!rows.length) break;
      await ctx.tx(async (tx) => {
        let kept = 0;
        for (const r of rows) {
          await sql`savepoint undo_row`.execute(tx.db);
          try {
            if ((await undoRow(tx, importId, object, r)) === 'kept') kept++;
            await sql`release savepoint undo_row`.execute(tx.db);
          } catch (err) {
            await sql`rollback to savepoint undo_row`.execute(tx.db);
            await sql`release savepoint undo_row`.execute(tx.db);
            if (!(err instanceof AppError)) throw err;
            kept++;
          }
          // Marked so a resumed undo does not touch the row twice.
          await tx.db.updateTable('importRows').set({ outcome: 'skipped' }).where('importId', '=', importId).where('rowNo', '=', r.rowNo).execute();
        }
        await tx.db.updateTable('imports').set((eb) => ({ processed: eb('processed', '+', rows.length), undoKept: eb('undoKept', '+', kept), updatedAt: tx.now() })).where('id', '=', importId).execute();
      });
      after = rows.at(-1)!.rowNo;
      await job.extendLease();
    }
    await ctx.tx(async (tx) => {
      const done = (await findImport(tx, importId))!;
      await tx.db.updateTable('imports').set({ status: 'undone', undoneAt: tx.now(), updatedAt: tx.now(), version: done.version + 1 }).where('id', '=', importId).execute();
      await recordAudit(tx, { action: 'import.undone', objectType: 'import', objectId: importId, meta: { object, fileName: row.fileName, kept: done.undoKept } });
    });
  },
};

// ---- saved mappings ------------------------------------------------------------------------

export async function listSavedMappings(ctx: Ctx, object?: ImportObject) {
  const actor = requireActor(ctx);
  const objects = importableObjects(ctx, object);
  const rows = await ctx.db.selectFrom('importMappings').selectAll().where('createdBy', '=', actor.userId)
    .where('object', 'in', objects).orderBy('updatedAt', 'desc').limit(100).execute();
  return rows.map((r) => ({ id: r.id, object: r.object as ImportObject, name: r.name, columns: fromJson<Record<string, string | null>>(r.columns), createdAt: r.createdAt, version: r.version }));
}

export async function saveMapping(ctx: Ctx, input: z.output<typeof SavedImportMappingCreate>) {
  const actor = requireImporter(ctx, input.object);
  const now = ctx.now();
  const existing = await ctx.db.selectFrom('importMappings').select(['id', 'version']).where('createdBy', '=', actor.userId).where('object', '=', input.object).where('name', '=', input.name).executeTakeFirst();
  const id = existing?.id ?? newId();
  await ctx.tx(async (tx) => {
    if (existing) {
      await tx.db.updateTable('importMappings').set({ columns: toJson(input.columns), updatedAt: now, version: existing.version + 1 }).where('id', '=', id).execute();
    } else {
      await tx.db.insertInto('importMappings').values({ id, object: input.object, name: input.name, columns: toJson(input.columns), createdBy: actor.userId, createdAt: now, updatedAt: now, version: 1 }).execute();
    }
    await recordAudit(tx, { action: existing ? 'import_mapping.update' : 'import_mapping.create', objectType: 'import_mapping', objectId: id, meta: { name: input.name } });
  });
  return (await listSavedMappings(ctx, input.object)).find((m) => m.id === id)!;
}

export async function deleteMapping(ctx: Ctx, id: string): Promise<void> {
  const actor = requireActor(ctx);
  const mapping = await ctx.db.selectFrom('importMappings').select('object').where('id', '=', id).where('createdBy', '=', actor.userId).executeTakeFirst();
  if (!mapping) throw errors.notFound('record');
  requireImporter(ctx, mapping.object as ImportObject);
  await ctx.tx(async (tx) => {
    const deleted = await tx.db.deleteFrom('importMappings').where('id', '=', id).where('createdBy', '=', actor.userId).executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) throw errors.notFound('record');
    await recordAudit(tx, { action: 'import_mapping.delete', objectType: 'import_mapping', objectId: id });
  });
}
