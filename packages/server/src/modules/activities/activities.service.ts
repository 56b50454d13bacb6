// Activities (跟进记录): calls, meetings, visits, emails, messages and notes with a customer,
// or with a lead before it is one. Anyone who can see the customer (or the lead) sees its
// activities, except private notes (author only).
import type { z } from 'zod';
import { directedKinds, scheduledKinds, type Activity, type ActivityCreate, type ActivityKind, type ActivityListQuery, type ActivityPatch } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { requireActor, requirePermission, scopeFilter } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { emit } from '../../platform/events.js';
import { newId } from '../../platform/crypto.js';
import { errors, type FieldIssue } from '../../platform/http/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { findActiveUser } from '../identity/users.service.js';
import { getContact } from '../customers/contacts.service.js';
import { requireVisibleCustomer } from '../customers/service.js';
import * as repo from './repository.js';
import { activityParent, relatedChanged } from './parents.js';

function toActivity(row: repo.ActivityRow, attendees: { id: string; name: string }[]): Activity {
  return {
    id: row.id,
    kind: row.kind as ActivityKind,
    customerId: row.customerId,
    customerName: row.customerName,
    contactId: row.contactId,
    contactName: row.contactName,
    related: row.relatedType && row.relatedId ? { type: row.relatedType, id: row.relatedId } : null,
    subject: row.subject,
    body: row.body,
    occurredAt: row.occurredAt,
    endsAt: row.endsAt,
    direction: row.direction as Activity['direction'],
    durationSeconds: row.durationSeconds,
    outcome: row.outcome as Activity['outcome'],
    location: row.location,
    attendees,
    isPrivate: row.isPrivate === 1,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

type Fields = Omit<z.output<typeof ActivityCreate>, 'customerId'>;

/** Fields that belong to other kinds of activity are refused rather than silently dropped. */
function checkKindFields(f: Fields): void {
  const issues: FieldIssue[] = [];
  const misplaced = (path: string) => issues.push({ path, code: 'not_for_kind', messageKey: 'activity.not_for_kind' });
  if (!directedKinds.includes(f.kind) && f.direction) misplaced('direction');
  if (f.kind !== 'call' && f.durationSeconds != null) misplaced('durationSeconds');
  if (f.kind !== 'call' && f.outcome) misplaced('outcome');
  if (!scheduledKinds.includes(f.kind)) {
    if (f.location) misplaced('location');
    if (f.endsAt) misplaced('endsAt');
    if (f.attendeeIds?.length) misplaced('attendeeIds');
  }
  if (f.isPrivate && f.kind !== 'note') issues.push({ path: 'isPrivate', code: 'not_for_kind', messageKey: 'activity.private_notes_only' });
  if (f.endsAt && f.occurredAt && new Date(f.endsAt) <= new Date(f.occurredAt)) {
    issues.push({ path: 'endsAt', code: 'before_start', messageKey: 'activity.ends_before_start' });
  }
  if (issues.length) throw errors.invalidFields(...issues);
}

async function checkContact(ctx: Ctx, customerId: string | null, contactId: string | null | undefined): Promise<void> {
  if (!contactId) return;
  if (!customerId) throw errors.invalidFields({ path: 'contactId', code: 'other_customer', messageKey: 'contact.other_customer' });
  const contact = await getContact(ctx, contactId).catch(() => null);
  if (!contact) throw errors.invalidFields({ path: 'contactId', code: 'unknown', messageKey: 'contact.unknown' });
  if (contact.customerId !== customerId) throw errors.invalidFields({ path: 'contactId', code: 'other_customer', messageKey: 'contact.other_customer' });
}

/** Active users, or a 400 naming the first unknown one. */
export async function checkUsers(ctx: Ctx, ids: string[], path: string): Promise<string[]> {
  const unique = [...new Set(ids)];
  for (const [i, id] of unique.entries()) {
    if (!(await findActiveUser(ctx, id))) throw errors.invalidFields({ path: `${path}.${i}`, code: 'unknown', messageKey: 'user.unknown' });
  }
  return unique;
}

async function customerOrInvalid(ctx: Ctx, customerId: string) {
  return requireVisibleCustomer(ctx, customerId).catch(() => {
    throw errors.invalidFields({ path: 'customerId', code: 'unknown', messageKey: 'customer.unknown' });
  });
}

/** Where a new activity belongs: a customer the user may see, or else an open lead (or other registered record) they may see. */
async function ownerRecord(ctx: Ctx, input: z.output<typeof ActivityCreate>): Promise<{ customerId: string | null; rootId: string }> {
  if (input.customerId) {
    const customer = await customerOrInvalid(ctx, input.customerId);
    return { customerId: customer.id, rootId: customer.id };
  }
  const parent = input.related ? activityParent(input.related.type) : null;
  if (!input.related || !parent) throw errors.invalidFields({ path: 'customerId', code: 'required', messageKey: 'required' });
  const found = await parent.find(ctx, input.related.id);
  if (!found) throw errors.invalidFields({ path: 'related.id', code: 'unknown', messageKey: 'activity.related_unknown' });
  if (!found.open) throw errors.invalidFields({ path: 'related.id', code: 'closed', messageKey: 'activity.related_closed' });
  return { customerId: found.customerId, rootId: found.customerId ?? input.related.id };
}

async function readActivity(ctx: Ctx, id: string): Promise<Activity> {
  const { userId } = requireActor(ctx);
  const row = await repo.findActivity(ctx.db, await scopeFilter(ctx, 'customers'), userId, id);
  if (!row) throw errors.notFound('activity');
  return toActivity(row, (await repo.attendeesOf(ctx.db, [id])).get(id)!);
}

export async function getActivity(ctx: Ctx, id: string): Promise<Activity> {
  requirePermission(ctx, 'customers:read');
  return readActivity(ctx, id);
}

export async function listActivities(ctx: Ctx, query: z.output<typeof ActivityListQuery>) {
  const { userId } = requirePermission(ctx, 'customers:read');
  const { relatedType, relatedId, ...filter } = query;
  let related: { type: string; id: string } | undefined;
  if (relatedType && relatedId) {
    // One record's activities: shown to whoever may see that record.
    const parent = activityParent(relatedType);
    if (!parent || !(await parent.find(ctx, relatedId))) throw errors.notFound('record');
    related = { type: relatedType, id: relatedId };
  }
  const rows = await repo.listActivities(ctx.db, await scopeFilter(ctx, 'customers'), userId, {
    ...filter,
    related,
    after: decodeCursor(query.cursor, 2),
  });
  const attendees = await repo.attendeesOf(ctx.db, rows.map((r) => r.id));
  return toPage(rows, query.limit, (r) => [r.occurredAt, r.id], (r) => toActivity(r, attendees.get(r.id) ?? []));
}

const audited = ({ createdAt: _c, updatedAt: _u, version: _v, customerName: _n, ...rest }: Activity) => rest;

export async function createActivity(ctx: Ctx, input: z.output<typeof ActivityCreate>): Promise<Activity> {
  const actor = requirePermission(ctx, 'activities:write');
  const occurredAt = input.occurredAt ? new Date(input.occurredAt).toISOString() : ctx.now();
  checkKindFields({ ...input, occurredAt });
  const id = newId();
  await ctx.tx(async (tx) => {
    const owner = await ownerRecord(tx, input);
    await checkContact(tx, owner.customerId, input.contactId);
    const attendeeIds = await checkUsers(tx, input.attendeeIds ?? [], 'attendeeIds');
    const now = tx.now();
    await tx.db.insertInto('activities').values({
      id,
      kind: input.kind,
      customerId: owner.customerId,
      contactId: input.contactId ?? null,
      relatedType: input.related?.type ?? null,
      relatedId: input.related?.id ?? null,
      subject: input.subject || null,
      body: input.body || null,
      occurredAt,
      endsAt: input.endsAt ? new Date(input.endsAt).toISOString() : null,
      direction: input.direction ?? null,
      durationSeconds: input.durationSeconds ?? null,
      outcome: input.outcome ?? null,
      location: input.location || null,
      isPrivate: input.isPrivate ? 1 : 0,
      ownerId: actor.userId,
      teamId: actor.teamId,
      createdAt: now,
      updatedAt: now,
      createdBy: actor.userId,
      version: 1,
      deletedAt: null,
    }).execute();
    await repo.setAttendees(tx.db, id, attendeeIds);
    const created = await readActivity(tx, id);
    await recordAudit(tx, { action: 'activity.create', objectType: 'activity', objectId: id, rootId: owner.rootId, after: audited(created), meta: { kind: input.kind } });
    await relatedChanged(tx, input.related);
    await emit(tx, 'activity.logged', { id, customerId: owner.customerId, kind: input.kind, ownerId: actor.userId });
  });
  return readActivity(ctx, id);
}

export async function updateActivity(ctx: Ctx, id: string, patch: z.output<typeof ActivityPatch>, version: number): Promise<Activity> {
  requirePermission(ctx, 'activities:write');
  await ctx.tx(async (tx) => {
    const before = await readActivity(tx, id);
    if (before.version !== version) throw errors.versionConflict(before.version);
    const { version: _v, ...changes } = patch;
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<Fields>;
    const merged: Fields = {
      ...before,
      attendeeIds: before.attendees.map((a) => a.id),
      ...defined,
      kind: before.kind,
    };
    checkKindFields(merged);
    await checkContact(tx, before.customerId, merged.contactId);
    const attendeeIds = await checkUsers(tx, merged.attendeeIds ?? [], 'attendeeIds');
    await tx.db.updateTable('activities').set({
      contactId: merged.contactId ?? null,
      relatedType: merged.related?.type ?? null,
      relatedId: merged.related?.id ?? null,
      subject: merged.subject || null,
      body: merged.body || null,
      occurredAt: new Date(merged.occurredAt!).toISOString(),
      endsAt: merged.endsAt ? new Date(merged.endsAt).toISOString() : null,
      direction: merged.direction ?? null,
      durationSeconds: merged.durationSeconds ?? null,
      outcome: merged.outcome ?? null,
      location: merged.location || null,
      isPrivate: merged.isPrivate ? 1 : 0,
      updatedAt: tx.now(),
      version: version + 1,
    }).where('id', '=', id).where('version', '=', version).execute();
    if (defined.attendeeIds) await repo.setAttendees(tx.db, id, attendeeIds);
    const after = await readActivity(tx, id);
    await recordAudit(tx, { action: 'activity.update', objectType: 'activity', objectId: id, rootId: before.customerId ?? before.related?.id ?? null, before: audited(before), after: audited(after), meta: { kind: before.kind } });
    await relatedChanged(tx, before.related);
    if (after.related?.id !== before.related?.id) await relatedChanged(tx, after.related);
    await emit(tx, 'activity.updated', { id, customerId: before.customerId });
  });
  return readActivity(ctx, id);
}

export async function deleteActivity(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'activities:write');
  await ctx.tx(async (tx) => {
    const row = await readActivity(tx, id);
    await tx.db.updateTable('activities').set({ deletedAt: tx.now(), updatedAt: tx.now(), version: row.version + 1 }).where('id', '=', id).execute();
    await recordAudit(tx, { action: 'activity.delete', objectType: 'activity', objectId: id, rootId: row.customerId ?? row.related?.id ?? null, meta: { kind: row.kind } });
    await relatedChanged(tx, row.related);
    await emit(tx, 'activity.deleted', { id, customerId: row.customerId });
  });
}
