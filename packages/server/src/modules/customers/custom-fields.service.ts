// Custom fields: definitions per object, and the check every write of `custom` values passes.
import { z } from 'zod';
import type { CustomField, CustomFieldCreate, CustomFieldPatch } from '@kehu/shared';
import { memoized, type Ctx } from '../../platform/context.js';
import { requireActor, requirePermission } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { newId } from '../../platform/crypto.js';
import { fromJson, toJson } from '../../platform/db/dialect.js';
import { AppError, errors, type FieldIssue } from '../../platform/http/errors.js';
import { normalizePhone } from '../../platform/text.js';
import { findActiveUser } from '../identity/users.service.js';

type FieldObject = CustomField['object'];

function toField(row: {
  id: string; object: FieldObject; key: string; label: unknown; type: string; options: unknown; required: number;
  position: number; archivedAt: string | null; createdAt: string; updatedAt: string; version: number;
}): CustomField {
  return {
    id: row.id, object: row.object, key: row.key, label: fromJson(row.label), type: row.type as CustomField['type'],
    options: fromJson(row.options), required: row.required === 1, position: row.position, archived: row.archivedAt !== null,
    createdAt: row.createdAt, updatedAt: row.updatedAt, version: row.version,
  };
}

export async function listCustomFields(ctx: Ctx, object?: FieldObject): Promise<CustomField[]> {
  requireActor(ctx);
  return fieldsOf(ctx, object);
}

/** The definitions themselves, also for writes without a signed-in user (a web form's lead). */
function fieldsOf(ctx: Ctx, object?: FieldObject): Promise<CustomField[]> {
  return memoized(ctx, `customFields:${object ?? '*'}`, async () => {
    let q = ctx.db.selectFrom('customFields').selectAll();
    if (object) q = q.where('object', '=', object);
    return (await q.orderBy('object').orderBy('position').orderBy('id').execute()).map(toField);
  });
}

export async function createCustomField(ctx: Ctx, input: z.output<typeof CustomFieldCreate>): Promise<CustomField> {
  const actor = requirePermission(ctx, 'settings:manage');
  const needsOptions = input.type === 'select' || input.type === 'multi_select';
  if (needsOptions && !input.options?.length) throw errors.invalidFields({ path: 'options', code: 'too_small', messageKey: 'custom_field.options_required' });
  const id = newId();
  await ctx.tx(async (tx) => {
    const clash = await tx.db.selectFrom('customFields').select('id').where('object', '=', input.object).where('key', '=', input.key).executeTakeFirst();
    if (clash) throw errors.invalidFields({ path: 'key', code: 'taken', messageKey: 'custom_field.key_taken' });
    const now = tx.now();
    const row = {
      id, object: input.object, key: input.key, label: toJson(input.label), type: input.type, options: toJson(needsOptions ? input.options : []),
      required: input.required ? 1 : 0, position: input.position ?? 0, archivedAt: null, createdAt: now, updatedAt: now, createdBy: actor.userId, version: 1,
    };
    await tx.db.insertInto('customFields').values(row).execute();
    tx.memo.clear();
    await recordAudit(tx, { action: 'custom_field.create', objectType: 'custom_field', objectId: id, after: { ...input } });
  });
  ctx.memo.clear();
  return (await listCustomFields(ctx)).find((f) => f.id === id)!;
}

export async function updateCustomField(ctx: Ctx, id: string, patch: z.output<typeof CustomFieldPatch>, version: number): Promise<CustomField> {
  requirePermission(ctx, 'settings:manage');
  await ctx.tx(async (tx) => {
    const row = await tx.db.selectFrom('customFields').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw errors.notFound('record');
    if (row.version !== version) throw errors.versionConflict(row.version);
    const before = toField(row);
    const after = {
      label: patch.label ?? before.label,
      options: patch.options ?? before.options,
      required: patch.required ?? before.required,
      position: patch.position ?? before.position,
      archived: patch.archived ?? before.archived,
    };
    await tx.db.updateTable('customFields').set({
      label: toJson(after.label), options: toJson(after.options), required: after.required ? 1 : 0, position: after.position,
      archivedAt: after.archived ? (row.archivedAt ?? tx.now()) : null, updatedAt: tx.now(), version: version + 1,
    }).where('id', '=', id).execute();
    tx.memo.clear();
    await recordAudit(tx, { action: 'custom_field.update', objectType: 'custom_field', objectId: id, before: { ...before }, after: { ...before, ...after } });
  });
  ctx.memo.clear();
  return (await listCustomFields(ctx)).find((f) => f.id === id)!;
}

const Money = z.object({ amount: z.number().int(), currency: z.string().regex(/^[A-Z]{3}$/) });

/** Checks one value against its field; returns the stored form or a message key. */
async function checkValue(ctx: Ctx, field: CustomField, value: unknown): Promise<{ ok: true; value: unknown } | { ok: false; key: string }> {
  const options = new Set(field.options.map((o) => o.value));
  switch (field.type) {
    case 'text':
      return typeof value === 'string' && value.length <= 2000 ? { ok: true, value: value.trim() } : { ok: false, key: 'custom_field.text' };
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? { ok: true, value } : { ok: false, key: 'custom_field.number' };
    case 'money':
      return Money.safeParse(value).success ? { ok: true, value } : { ok: false, key: 'custom_field.money' };
    case 'date':
      return typeof value === 'string' && z.iso.date().safeParse(value).success ? { ok: true, value } : { ok: false, key: 'custom_field.date' };
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : { ok: false, key: 'custom_field.boolean' };
    case 'select':
      return typeof value === 'string' && options.has(value) ? { ok: true, value } : { ok: false, key: 'custom_field.option' };
    case 'multi_select':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && options.has(v)) ? { ok: true, value: [...new Set(value)] } : { ok: false, key: 'custom_field.option' };
    case 'user':
      return typeof value === 'string' && z.uuid().safeParse(value).success && (await findActiveUser(ctx, value)) ? { ok: true, value } : { ok: false, key: 'user.unknown' };
    case 'url':
      return typeof value === 'string' && z.url({ protocol: /^https?$/ }).safeParse(value).success ? { ok: true, value } : { ok: false, key: 'custom_field.url' };
    case 'phone': {
      if (typeof value !== 'string') return { ok: false, key: 'phone.invalid' };
      const phone = normalizePhone(value);
      return phone.e164 ? { ok: true, value: phone.number } : { ok: false, key: 'phone.invalid' };
    }
    case 'email':
      return typeof value === 'string' && z.email().safeParse(value).success ? { ok: true, value: value.toLowerCase() } : { ok: false, key: 'custom_field.email' };
  }
}

/**
 * Validates custom values against the object's fields and merges them over the current ones.
 * Unknown keys, wrong types, unknown options and missing required values name their path.
 */
export async function validateCustomValues(
  ctx: Ctx,
  object: FieldObject,
  incoming: Record<string, unknown> | undefined,
  current: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const fields = new Map((await fieldsOf(ctx, object)).map((f) => [f.key, f]));
  const merged: Record<string, unknown> = { ...current };
  const issues: FieldIssue[] = [];
  for (const [key, value] of Object.entries(incoming ?? {})) {
    const field = fields.get(key);
    if (!field || field.archived) {
      issues.push({ path: `custom.${key}`, code: 'unknown_field', messageKey: 'unknown_field' });
      continue;
    }
    if (value === null || value === '') {
      delete merged[key];
      continue;
    }
    const checked = await checkValue(ctx, field, value);
    if (checked.ok) merged[key] = checked.value;
    else issues.push({ path: `custom.${key}`, code: 'invalid', messageKey: checked.key });
  }
  const reported = new Set(issues.map((i) => i.path));
  for (const field of fields.values()) {
    if (reported.has(`custom.${field.key}`)) continue;
    if (field.required && !field.archived && (merged[field.key] === undefined || (Array.isArray(merged[field.key]) && !(merged[field.key] as unknown[]).length))) {
      issues.push({ path: `custom.${field.key}`, code: 'required', messageKey: 'required' });
    }
  }
  if (issues.length) throw new AppError('validation_failed', {}, issues);
  return merged;
}
