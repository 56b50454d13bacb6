// Merging two records of the same customer (合并客户): the survivor takes the values chosen
// field by field, everything that belonged to the duplicate moves over, and the duplicate
// is retired (soft-deleted, pointing at the survivor). One transaction, audited on both.
import type { z } from 'zod';
import type { CustomerMerge, CustomerMergeResult } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { requirePermission, scopeFilter } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { emit } from '../../platform/events.js';
import { errors } from '../../platform/http/errors.js';
import * as repo from './repository.js';
import { saveMatchKeys } from './duplicates.service.js';
import { getCustomer, updateCustomer } from './service.js';

/**
 * Moves what a module keeps for a customer from one customer to another; returns how many
 * records moved. Later modules (activities, opportunities, orders, tickets…) register theirs.
 */
export type MergeMover = (ctx: Ctx, from: string, to: string) => Promise<number>;

const movers = new Map<string, MergeMover>();

export function registerMergeMover(name: string, mover: MergeMover): void {
  movers.set(name, mover);
}

registerMergeMover('contacts', async (ctx, from, to) => {
  // The survivor keeps its own primary contact if it has one.
  const survivorHasPrimary = await ctx.db.selectFrom('contacts').select('id').where('customerId', '=', to).where('isPrimary', '=', 1).where('deletedAt', 'is', null).executeTakeFirst();
  const moved = await ctx.db
    .updateTable('contacts')
    .set((eb) => ({ customerId: to, version: eb('version', '+', 1), updatedAt: ctx.now(), ...(survivorHasPrimary ? { isPrimary: 0 } : {}) }))
    .where('customerId', '=', from)
    .executeTakeFirst();
  return Number(moved.numUpdatedRows);
});

export async function mergeCustomers(ctx: Ctx, input: z.output<typeof CustomerMerge>): Promise<z.output<typeof CustomerMergeResult>> {
  requirePermission(ctx, 'customers:write');
  requirePermission(ctx, 'customers:delete');
  if (input.survivorId === input.duplicateId) {
    throw errors.invalidFields({ path: 'duplicateId', code: 'same', messageKey: 'merge.same' });
  }
  const scope = await scopeFilter(ctx, 'customers');
  const moved: Record<string, number> = {};
  await ctx.tx(async (tx) => {
    const survivor = await repo.findVisibleCustomer(tx.db, scope, input.survivorId);
    const duplicate = await repo.findVisibleCustomer(tx.db, scope, input.duplicateId);
    if (!survivor || !duplicate) throw errors.notFound('customer');
    if (duplicate.version !== input.duplicateVersion) throw errors.versionConflict(duplicate.version);

    // The duplicate leaves the base first, so its phones and name no longer count against the survivor.
    await tx.db.updateTable('customers')
      .set({ deletedAt: tx.now(), mergedIntoId: survivor.id, updatedAt: tx.now(), version: duplicate.version + 1 })
      .where('id', '=', duplicate.id)
      .execute();
    await saveMatchKeys(tx, duplicate.id, null);
    for (const [name, mover] of movers) moved[name] = await mover(tx, duplicate.id, survivor.id);
    await updateCustomer(tx, survivor.id, input.values, input.survivorVersion);

    await recordAudit(tx, {
      action: 'customer.merge', objectType: 'customer', objectId: survivor.id, rootId: survivor.id,
      meta: { duplicateId: duplicate.id, duplicateName: duplicate.name, moved },
    });
    await recordAudit(tx, {
      action: 'customer.merged_into', objectType: 'customer', objectId: duplicate.id, rootId: duplicate.id,
      meta: { survivorId: survivor.id, survivorName: survivor.name, name: duplicate.name },
    });
    await emit(tx, 'customer.merged', { survivorId: survivor.id, duplicateId: duplicate.id, moved });
  });
  return { customer: await getCustomer(ctx, input.survivorId), movedContacts: moved.contacts ?? 0 };
}
