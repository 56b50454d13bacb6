// Option lists the organization edits (行业, 生命周期阶段). Until an admin saves one, the
// built-in list applies: the national industry sections A–T, and prospect → churned.
import type { z } from 'zod';
import {
  defaultDisqualifyReasons, defaultLifecycleStages, defaultLossReasons, defaultWinReasons, industrySections, LifecycleStage, locales, picklistFields,
  type Locale, type Picklist, type PicklistField, type PicklistOption, type PicklistUpdate,
} from '@kehu/shared';
import { memoized, type Ctx } from '../../platform/context.js';
import { requireActor, requirePermission } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { fromJson, toJson } from '../../platform/db/dialect.js';
import { errors, type FieldIssue } from '../../platform/http/errors.js';
import { translate, type MessageKey } from '../../platform/i18n/index.js';

const defaults: Record<PicklistField, { values: readonly string[]; labelKey: string }> = {
  industry: { values: industrySections, labelKey: 'values.customer.industry' },
  stage: { values: defaultLifecycleStages, labelKey: 'values.customer.stage' },
  win_reason: { values: defaultWinReasons, labelKey: 'values.opportunity.win_reason' },
  loss_reason: { values: defaultLossReasons, labelKey: 'values.opportunity.loss_reason' },
  disqualify_reason: { values: defaultDisqualifyReasons, labelKey: 'values.lead.disqualify_reason' },
};

function defaultOptions(field: PicklistField): PicklistOption[] {
  const { values, labelKey } = defaults[field];
  return values.map((value) => ({
    value,
    label: Object.fromEntries(locales.map((l) => [l, translate(l, `${labelKey}.${value}` as MessageKey)])) as PicklistOption['label'],
    archived: false,
  }));
}

export async function getPicklist(ctx: Ctx, field: PicklistField): Promise<Picklist> {
  return memoized(ctx, `picklist:${field}`, async () => {
    const row = await ctx.db.selectFrom('picklists').selectAll().where('field', '=', field).executeTakeFirst();
    return row ? { field, options: fromJson<PicklistOption[]>(row.options), version: row.version } : { field, options: defaultOptions(field), version: 0 };
  });
}

export async function listPicklists(ctx: Ctx): Promise<Picklist[]> {
  requireActor(ctx);
  return Promise.all(picklistFields.map((field) => getPicklist(ctx, field)));
}

/** Saves a list. Values left out are kept as archived, so records that carry them keep their label. */
export async function updatePicklist(ctx: Ctx, field: PicklistField, input: z.output<typeof PicklistUpdate>): Promise<Picklist> {
  requirePermission(ctx, 'settings:manage');
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  input.options.forEach((o, i) => {
    if (field === 'stage' && !LifecycleStage.safeParse(o.value).success) issues.push({ path: `options.${i}.value`, code: 'invalid', messageKey: 'stage.key' });
    if (seen.has(o.value)) issues.push({ path: `options.${i}.value`, code: 'duplicate', messageKey: 'picklist.duplicate' });
    seen.add(o.value);
  });
  if (!input.options.some((o) => !o.archived)) issues.push({ path: 'options', code: 'too_small', messageKey: 'picklist.none_active' });
  if (issues.length) throw errors.invalidFields(...issues);
  ctx.memo.clear();
  await ctx.tx(async (tx) => {
    tx.memo.clear();
    const current = await getPicklist(tx, field);
    if (current.version !== input.version) throw errors.versionConflict(current.version);
    const kept = current.options.filter((o) => !seen.has(o.value)).map((o) => ({ ...o, archived: true }));
    const options = [...input.options, ...kept];
    const now = tx.now();
    if (current.version === 0) {
      await tx.db.insertInto('picklists').values({ field, options: toJson(options), updatedAt: now, version: 1 }).execute();
    } else {
      await tx.db.updateTable('picklists').set({ options: toJson(options), updatedAt: now, version: current.version + 1 }).where('field', '=', field).where('version', '=', current.version).execute();
    }
    tx.memo.clear();
    await recordAudit(tx, { action: 'picklist.update', objectType: 'picklist', objectId: null, before: { [field]: current.options }, after: { [field]: options }, meta: { field } });
  });
  ctx.memo.clear();
  return getPicklist(ctx, field);
}

/** A value a write may set: one of the list's active options. */
/** A 400 naming `path` (the field by default) unless the value is an active option of the list. */
export async function checkPicklistValue(ctx: Ctx, field: PicklistField, value: string, path: string = field): Promise<void> {
  const { options } = await getPicklist(ctx, field);
  if (!options.some((o) => o.value === value && !o.archived)) {
    throw errors.invalidFields({ path, code: 'unknown_option', messageKey: 'option' });
  }
}

/** The stage new customers start in: the first active one. */
export async function firstStage(ctx: Ctx): Promise<string> {
  const { options } = await getPicklist(ctx, 'stage');
  return options.find((o) => !o.archived)?.value ?? 'prospect';
}

export function optionLabel(options: PicklistOption[], value: string, locale: Locale): string {
  const option = options.find((o) => o.value === value);
  return option ? (option.label[locale] || option.label['zh-CN']) : value;
}
