// Contract of imports: a file of customers, contacts or leads is uploaded, its columns mapped to
// fields, previewed with each row's problems, then run as a background job that can be undone.
import { z } from 'zod';
import { Id, IsoDateTime, Version } from './common.js';
import type { Permission } from './permissions.js';

export const importObjects = ['customers', 'contacts', 'leads'] as const;
export const ImportObject = z.enum(importObjects);
export type ImportObject = z.infer<typeof ImportObject>;
/** Importing writes records: the same permission as writing them one by one. */
export const importPermissions: Record<ImportObject, Permission> = { customers: 'customers:write', contacts: 'customers:write', leads: 'leads:write' };

export const importFormats = ['csv', 'xlsx', 'vcard'] as const;
export const ImportFormat = z.enum(importFormats);

/** What a row that matches an existing record does. */
export const duplicateModes = ['skip', 'update', 'create'] as const;
export const DuplicateMode = z.enum(duplicateModes);

export const importStatuses = ['uploaded', 'queued', 'running', 'done', 'failed', 'undoing', 'undone'] as const;
export const ImportStatus = z.enum(importStatuses);

/** Fields a column can fill, besides `custom.<key>` for custom fields. */
export const customerImportFields = [
  'name', 'type', 'shortName', 'creditCode', 'industry', 'country', 'province', 'city', 'district', 'address', 'phones',
  'emails', 'website', 'wechat', 'source', 'grade', 'stage', 'status', 'tags', 'owner', 'nextFollowUpAt', 'description',
  'idNumber', 'bankAccount',
] as const;
export const contactImportFields = [
  'customer', 'name', 'title', 'department', 'phones', 'emails', 'wechat', 'birthday', 'decisionRole', 'isPrimary',
  'preferredChannel', 'notes',
] as const;
/** Lead fields; `budget` is read in major units (yuan) and stored in minor units (分). */
export const leadImportFields = [
  'personName', 'companyName', 'title', 'mobile', 'phone', 'email', 'wechat', 'source', 'campaign', 'province', 'city',
  'industry', 'needs', 'budget', 'owner',
] as const;
export const importFieldsOf = { customers: customerImportFields, contacts: contactImportFields, leads: leadImportFields } as const;
/** What every import of the object must map: of each group, at least one field (a lead names a person or a company). */
export const requiredImportFields: Record<ImportObject, readonly (readonly string[])[]> = {
  customers: [['name']],
  contacts: [['customer'], ['name']],
  leads: [['personName', 'companyName']],
};

/** A column's target: a field, `custom.<key>`, or null to ignore the column. */
export const ImportTarget = z.string().max(60).regex(/^(custom\.)?[a-zA-Z_][a-zA-Z0-9_]*$/).nullable();
/** One target per column of the file, in the file's column order. */
export const ImportMapping = z.array(ImportTarget).max(200);

export const Import = z.object({
  id: Id,
  object: ImportObject,
  status: ImportStatus,
  fileName: z.string(),
  format: ImportFormat,
  /** The text encoding found in a CSV file (utf-8, utf-8 with BOM, gb18030). */
  encoding: z.string().nullable(),
  headers: z.array(z.string()),
  totalRows: z.number().int(),
  /** The mapping in use: suggested after the upload, the chosen one once started. */
  mapping: ImportMapping,
  duplicateMode: DuplicateMode.nullable(),
  processed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  rejected: z.number().int(),
  /** After an undo: records left as they are because they changed after the import. */
  undoKept: z.number().int(),
  error: z.string().nullable(),
  createdBy: Id,
  createdByName: z.string().nullable(),
  createdAt: IsoDateTime,
  startedAt: IsoDateTime.nullable(),
  finishedAt: IsoDateTime.nullable(),
  undoneAt: IsoDateTime.nullable(),
  version: Version,
});
export type Import = z.infer<typeof Import>;

export const ImportUpload = z.object({ object: ImportObject });

export const ImportSettings = z.object({
  mapping: ImportMapping,
  duplicateMode: DuplicateMode.default('skip'),
});

export const ImportStart = ImportSettings.extend({ version: Version.optional() });

export const ImportRowIssue = z.object({ column: z.string().nullable(), field: z.string().nullable(), message: z.string() });
export type ImportRowIssue = z.infer<typeof ImportRowIssue>;

/** A row as the import would take it, or why it would be rejected. */
export const ImportPreviewRow = z.object({
  rowNo: z.number().int(),
  cells: z.array(z.string()),
  issues: z.array(ImportRowIssue),
  /** What the row would do: create, update or skip an existing record. */
  action: z.enum(['create', 'update', 'skip', 'reject']),
  duplicateOf: z.string().nullable(),
});
export const ImportPreview = z.object({ rows: z.array(ImportPreviewRow), checked: z.number().int(), withIssues: z.number().int() });
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportRejectedRow = z.object({ rowNo: z.number().int(), cells: z.array(z.string()), issues: z.array(ImportRowIssue) });

export const ImportListQuery = z.object({ object: ImportObject.optional(), limit: z.coerce.number().int().min(1).max(100).default(20) });

/** A saved mapping: header text → target, reusable on files whose columns come in any order. */
export const ImportColumnMapping = z.record(z.string().max(200), ImportTarget);
export const SavedImportMapping = z.object({
  id: Id,
  object: ImportObject,
  name: z.string(),
  columns: ImportColumnMapping,
  createdAt: IsoDateTime,
  version: Version,
});
export const SavedImportMappingCreate = z.object({
  object: ImportObject,
  name: z.string().trim().min(1).max(60),
  columns: ImportColumnMapping,
});
