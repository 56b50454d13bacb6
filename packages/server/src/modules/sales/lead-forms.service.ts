// Web-to-lead forms (表单获客): an admin designs a form, embeds it in the company's site or
// shares its hosted page; each submission is rate-limited per visitor, screened for bots
// (a hidden field people leave empty, and a signed time a person needs to fill it in),
// validated, matched against open leads, and otherwise creates a lead with source "web form".
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import {
  LeadCreate, openLeadStatuses,
  type LeadForm, type LeadFormCreate, type LeadFormPatch, type LeadFormSubmission, type Locale,
} from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { requirePermission } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { emit } from '../../platform/events.js';
import { newId } from '../../platform/crypto.js';
import { fromJson, toJson } from '../../platform/db/dialect.js';
import { AppError, errors, type FieldIssue } from '../../platform/http/errors.js';
import { blockedFor, recordFailure } from '../../platform/auth/throttle.js';
import { translate } from '../../platform/i18n/index.js';
import type { Selectable } from 'kysely';
import type { LeadFormTable } from '../../db/schema.js';
import { insertLead, leadMatchKeys, readLead, saveLead } from './leads.service.js';
import * as repo from './leads.repository.js';

/** A person needs a few seconds to fill in a form; a served form is good for a day. */
const MIN_FILL_MS = 3_000;
const MAX_FORM_AGE_MS = 86_400_000;
/** Submissions per visitor and form: five in ten minutes, then a ten-minute pause. */
const SUBMISSION_LIMIT = { maxFailures: 5, windowMs: 600_000, blockMs: 600_000 };

function toForm(ctx: Ctx, row: Selectable<LeadFormTable>): LeadForm {
  const hostedUrl = `${ctx.platform.config.publicUrl}/forms/${row.id}`;
  return {
    id: row.id,
    name: row.name,
    title: fromJson(row.title),
    fields: fromJson(row.fields),
    consentText: row.consentText === null ? null : fromJson(row.consentText),
    thanksText: row.thanksText === null ? null : fromJson(row.thanksText),
    campaign: row.campaign,
    enabled: row.enabled === 1,
    submissionCount: row.submissionCount,
    hostedUrl,
    embedSnippet: `<iframe src="${hostedUrl}?embed=1" title="${row.name.replace(/"/g, '&quot;')}" style="width:100%;max-width:560px;height:640px;border:0" loading="lazy"></iframe>`,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

async function findForm(ctx: Ctx, id: string) {
  return ctx.db.selectFrom('leadForms').selectAll().where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
}

export async function listLeadForms(ctx: Ctx): Promise<LeadForm[]> {
  requirePermission(ctx, 'leads:read');
  const rows = await ctx.db.selectFrom('leadForms').selectAll().where('deletedAt', 'is', null).orderBy('createdAt', 'desc').execute();
  return rows.map((r) => toForm(ctx, r));
}

export async function getLeadForm(ctx: Ctx, id: string): Promise<LeadForm> {
  requirePermission(ctx, 'leads:read');
  const row = await findForm(ctx, id);
  if (!row) throw errors.notFound('lead_form');
  return toForm(ctx, row);
}

function checkFields(fields: { field: string }[]): void {
  const seen = fields.map((f) => f.field);
  const repeated = seen.findIndex((f, i) => seen.indexOf(f) !== i);
  if (repeated >= 0) throw errors.invalidFields({ path: `fields.${repeated}.field`, code: 'duplicate', messageKey: 'lead_form.field_twice' });
  if (!seen.includes('personName') && !seen.includes('companyName')) {
    throw errors.invalidFields({ path: 'fields', code: 'no_name', messageKey: 'lead_form.name_field_needed' });
  }
}

export async function createLeadForm(ctx: Ctx, input: z.output<typeof LeadFormCreate>): Promise<LeadForm> {
  const actor = requirePermission(ctx, 'settings:manage');
  checkFields(input.fields);
  const id = newId();
  await ctx.tx(async (tx) => {
    const now = tx.now();
    await tx.db.insertInto('leadForms').values({
      id, name: input.name, title: toJson(input.title), fields: toJson(input.fields),
      consentText: input.consentText ? toJson(input.consentText) : null, thanksText: input.thanksText ? toJson(input.thanksText) : null,
      campaign: input.campaign || null, enabled: input.enabled === false ? 0 : 1, submissionCount: 0,
      createdAt: now, updatedAt: now, createdBy: actor.userId, version: 1, deletedAt: null,
    }).execute();
    await recordAudit(tx, { action: 'lead_form.create', objectType: 'lead_form', objectId: id, after: { ...input }, meta: { name: input.name } });
  });
  return getLeadForm(ctx, id);
}

export async function updateLeadForm(ctx: Ctx, id: string, patch: z.output<typeof LeadFormPatch>, version: number): Promise<LeadForm> {
  requirePermission(ctx, 'settings:manage');
  await ctx.tx(async (tx) => {
    const row = await findForm(tx, id);
    if (!row) throw errors.notFound('lead_form');
    if (row.version !== version) throw errors.versionConflict(row.version);
    const before = toForm(tx, row);
    const { version: _v, ...changes } = patch;
    if (changes.fields) checkFields(changes.fields);
    const set: Record<string, unknown> = {};
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.title !== undefined) set.title = toJson(changes.title);
    if (changes.fields !== undefined) set.fields = toJson(changes.fields);
    if (changes.consentText !== undefined) set.consentText = changes.consentText ? toJson(changes.consentText) : null;
    if (changes.thanksText !== undefined) set.thanksText = changes.thanksText ? toJson(changes.thanksText) : null;
    if (changes.campaign !== undefined) set.campaign = changes.campaign || null;
    if (changes.enabled !== undefined) set.enabled = changes.enabled ? 1 : 0;
    await tx.db.updateTable('leadForms').set({ ...set, updatedAt: tx.now(), version: version + 1 }).where('id', '=', id).execute();
    const { hostedUrl: _h, embedSnippet: _e, submissionCount: _s, ...audited } = before;
    await recordAudit(tx, { action: 'lead_form.update', objectType: 'lead_form', objectId: id, before: audited, after: { ...audited, ...changes }, meta: { name: changes.name ?? row.name } });
  });
  return getLeadForm(ctx, id);
}

export async function deleteLeadForm(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'settings:manage');
  await ctx.tx(async (tx) => {
    const row = await findForm(tx, id);
    if (!row) throw errors.notFound('lead_form');
    await tx.db.updateTable('leadForms').set({ deletedAt: tx.now(), updatedAt: tx.now(), version: row.version + 1 }).where('id', '=', id).execute();
    await recordAudit(tx, { action: 'lead_form.delete', objectType: 'lead_form', objectId: id, meta: { name: row.name } });
  });
}

// ---- The anonymous visitor's side ----

function sign(ctx: Ctx, formId: string, servedAt: number): string {
  return createHmac('sha256', ctx.platform.config.secretKey).update(`lead-form:${formId}:${servedAt}`).digest('base64url');
}

function issueToken(ctx: Ctx, formId: string): string {
  const servedAt = ctx.platform.clock.now().getTime();
  return `${servedAt}.${sign(ctx, formId, servedAt)}`;
}

/** How long ago the form was served, or null when the token is not ours. */
function tokenAge(ctx: Ctx, formId: string, token: string): number | null {
  const [at, mac] = token.split('.');
  const servedAt = Number(at);
  if (!Number.isSafeInteger(servedAt) || !mac) return null;
  const expected = Buffer.from(sign(ctx, formId, servedAt));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return ctx.platform.clock.now().getTime() - servedAt;
}

async function enabledForm(ctx: Ctx, id: string) {
  const row = await findForm(ctx, id);
  if (!row || row.enabled !== 1) throw errors.notFound('lead_form');
  return toForm(ctx, row);
}

export async function publicLeadForm(ctx: Ctx, id: string) {
  const form = await enabledForm(ctx, id);
  return { id: form.id, title: form.title, fields: form.fields, consentText: form.consentText, thanksText: form.thanksText, token: issueToken(ctx, id) };
}

function localized(label: Record<string, string> | null, locale: Locale): string | null {
  if (!label) return null;
  return label[locale] || label['zh-CN'] || Object.values(label).find(Boolean) || null;
}

/**
 * Takes a visitor's submission. Bots are answered as if all went well and nothing is kept, so
 * they learn nothing; people with a mistake get the field at fault.
 */
export async function submitLeadForm(ctx: Ctx, id: string, input: z.output<typeof LeadFormSubmission>): Promise<{ ok: true; message: string }> {
  const locale = input.locale ?? ctx.locale;
  const form = await enabledForm(ctx, id);
  const thanks = { ok: true as const, message: localized(form.thanksText, locale) ?? translate(locale, 'leadForm.thanks') };
  const visitorKey = `lead-form:${id}:${ctx.ip ?? 'unknown'}`;
  const wait = await blockedFor(ctx, visitorKey);
  if (wait > 0) throw new AppError('rate_limited', {}, [], { 'retry-after': String(Math.ceil(wait / 1000)) });
  await recordFailure(ctx, visitorKey, SUBMISSION_LIMIT);

  const age = tokenAge(ctx, id, input.token);
  if (age === null || age > MAX_FORM_AGE_MS) throw errors.invalidFields({ path: 'token', code: 'expired', messageKey: 'lead_form.expired' });

  const issues: FieldIssue[] = [];
  for (const def of form.fields) {
    if (def.required && !input.values[def.field]?.trim()) issues.push({ path: `values.${def.field}`, code: 'required', messageKey: 'required' });
  }
  if (form.consentText && !input.consent) issues.push({ path: 'consent', code: 'required', messageKey: 'lead_form.consent_required' });
  const offered = Object.fromEntries(form.fields.map((f) => [f.field, input.values[f.field]?.trim() || null]));
  const parsed = LeadCreate.safeParse({ ...offered, source: 'web_form', campaign: form.campaign });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'personName');
      issues.push({ path: `values.${field}`, code: 'invalid', messageKey: issue.message.includes('.') ? issue.message : `${field === 'email' ? 'email' : field === 'mobile' || field === 'phone' ? 'phone' : 'value'}.invalid` });
    }
  }
  if (issues.length) throw errors.invalidFields(...issues);
  // Checked after the fields, so that a quick person with a typo still learns what to fix.
  if (input.website || age < MIN_FILL_MS) return thanks;
  const fields = parsed.data!;

  await ctx.tx(async (tx) => {
    const now = tx.now();
    const consentAt = form.consentText && input.consent ? now : null;
    // The same person again (phone or email of an open lead): their lead is brought up to date, not doubled.
    const people = leadMatchKeys(fields).filter((k) => k.kind !== 'name');
    const known = people.length ? (await repo.leadsMatching(tx.db, people)).find((l) => openLeadStatuses.includes(l.status as never)) : undefined;
    if (known) {
      const row = (await repo.findLead(tx.db, { kind: 'all' }, known.id))!;
      const before = await readLead(tx, known.id, false);
      const fill = Object.fromEntries(Object.entries(fields).filter(([k, v]) => v && (before as Record<string, unknown>)[k] == null && k !== 'source' && k !== 'campaign'));
      const needs = fields.needs && fields.needs !== before.needs ? [before.needs, fields.needs].filter(Boolean).join('\n---\n') : before.needs;
      await saveLead(tx, known.id, row.version, { ...fill, needs, ...(consentAt ? { consentAt } : {}) }, before, 'lead.form_resubmit',
        { name: 'lead.form_submitted', payload: { id: known.id, formId: id, repeat: true } });
    } else {
      const leadId = await insertLead(tx, fields, { actorId: null, actorName: translate(locale, 'leadForm.actor', { name: form.name }), formId: id, consentAt });
      await emit(tx, 'lead.form_submitted', { id: leadId, formId: id, repeat: false });
    }
    await tx.db.updateTable('leadForms').set((eb) => ({ submissionCount: eb('submissionCount', '+', 1) })).where('id', '=', id).execute();
  });
  return thanks;
}
