// Converting a lead (线索转化): in one transaction it becomes a customer — new, or one already
// known that duplicates pointed to — a contact for its person, and optionally an opportunity.
// Its activities and tasks move to the customer's timeline, custom fields carry over where the
// target has a field of the same key and type, and the lead keeps links to what it became.
import type { z } from 'zod';
import { openLeadStatuses, type CustomField, type LeadConvert } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { requirePermission, scopeFilter } from '../../platform/authz/index.js';
import { errors } from '../../platform/http/errors.js';
import { listCustomFields } from '../customers/custom-fields.service.js';
import { createCustomer, requireVisibleCustomer } from '../customers/service.js';
import { createContact } from '../customers/contacts.service.js';
import { createOpportunity } from './opportunities.service.js';
import { readLead, saveLead, toLead } from './leads.service.js';
import * as repo from './leads.repository.js';

/** The lead's custom values that the target object has a field for, of the same type. */
async function carriedCustom(ctx: Ctx, values: Record<string, unknown>, target: 'customer' | 'contact' | 'opportunity'): Promise<Record<string, unknown>> {
  const leadFields = new Map((await listCustomFields(ctx, 'lead')).map((f) => [f.key, f]));
  const targetFields = await listCustomFields(ctx, target);
  const same = (f: CustomField) => !f.archived && leadFields.get(f.key)?.type === f.type && values[f.key] !== undefined && values[f.key] !== null;
  return Object.fromEntries(targetFields.filter(same).map((f) => [f.key, values[f.key]]));
}

export async function convertLead(ctx: Ctx, id: string, input: z.output<typeof LeadConvert>, version: number) {
  requirePermission(ctx, 'leads:write');
  requirePermission(ctx, 'customers:write');
  if (input.opportunity) requirePermission(ctx, 'opportunities:write');
  const result = await ctx.tx(async (tx) => {
    const row = await repo.findLead(tx.db, await scopeFilter(tx, 'leads'), id);
    if (!row) throw errors.notFound('lead');
    if (row.version !== version) throw errors.versionConflict(row.version);
    const lead = toLead(row);
    if (!openLeadStatuses.includes(lead.status)) throw errors.invalidFields({ path: 'status', code: 'closed', messageKey: 'lead.closed' });
    const ownerId = lead.ownerId ?? undefined;
    const phones = [lead.mobile, lead.phone].filter((p): p is string => Boolean(p));
    const emails = lead.email ? [lead.email] : [];

    let customerId: string;
    if (input.customer.mode === 'existing') {
      const existing = await requireVisibleCustomer(tx, input.customer.customerId).catch(() => {
        throw errors.invalidFields({ path: 'customer.customerId', code: 'unknown', messageKey: 'customer.unknown' });
      });
      customerId = existing.id;
    } else {
      const type = input.customer.type ?? (lead.companyName ? 'company' : 'individual');
      const customer = await createCustomer(tx, {
        type,
        name: input.customer.name ?? lead.companyName ?? lead.personName!,
        industry: lead.industry,
        province: lead.province,
        city: lead.city,
        // A company's phones and emails are its people's; an individual's are their own.
        phones: type === 'individual' ? phones : [],
        emails: type === 'individual' ? emails : [],
        wechat: type === 'individual' ? lead.wechat : null,
        source: lead.source,
        ownerId,
        description: lead.needs,
        custom: await carriedCustom(tx, lead.custom, 'customer'),
      });
      customerId = customer.id;
    }

    const wantsContact = input.createContact ?? Boolean(lead.personName);
    let contactId: string | null = null;
    if (wantsContact && lead.personName) {
      const contact = await createContact(tx, {
        customerId,
        name: lead.personName,
        title: lead.title,
        phones,
        emails,
        wechat: lead.wechat,
        isPrimary: true,
        consents: row.consentAt ? [{ channel: 'email', granted: true, source: 'web_form' }] : undefined,
        custom: await carriedCustom(tx, lead.custom, 'contact'),
      } as Parameters<typeof createContact>[1]);
      contactId = contact.id;
    }

    let opportunityId: string | null = null;
    if (input.opportunity) {
      const opportunity = await createOpportunity(tx, {
        name: input.opportunity.name,
        customerId,
        amount: input.opportunity.amount ?? lead.budget,
        expectedCloseDate: input.opportunity.expectedCloseDate ?? null,
        pipelineId: input.opportunity.pipelineId,
        stageId: input.opportunity.stageId,
        needs: lead.needs,
        budget: lead.budget,
        ownerId,
        contacts: contactId ? [{ contactId, role: 'decision_maker' }] : [],
        custom: await carriedCustom(tx, lead.custom, 'opportunity'),
      } as Parameters<typeof createOpportunity>[1]);
      opportunityId = opportunity.id;
    }

    // The lead's history now belongs to the customer (the link to the lead stays).
    const moved = await tx.db.updateTable('activities').set({ customerId, ...(contactId ? { contactId } : {}) })
      .where('relatedType', '=', 'lead').where('relatedId', '=', id).executeTakeFirst();
    await tx.db.updateTable('tasks').set({ customerId }).where('relatedType', '=', 'lead').where('relatedId', '=', id).where('customerId', 'is', null).execute();

    const now = tx.now();
    await saveLead(tx, id, version, {
      status: 'converted', convertedAt: now, convertedCustomerId: customerId, convertedContactId: contactId, convertedOpportunityId: opportunityId,
    }, lead, 'lead.convert', { name: 'lead.converted', payload: { id, customerId, contactId, opportunityId } });
    return { customerId, contactId, opportunityId, activitiesMoved: Number(moved.numUpdatedRows) };
  });
  return { lead: await readLead(ctx, id, false), ...result };
}
