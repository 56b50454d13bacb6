// Bulk actions on customers: each record is updated through the same rules as a single
// edit, in its own transaction, so one refused record never leaves another half-done.
import type { z } from 'zod';
import type { CustomerBulkAction, CustomerBulkResult } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { requirePermission, scopeFilter } from '../../platform/authz/index.js';
import { AppError } from '../../platform/http/errors.js';
import { fromJson } from '../../platform/db/dialect.js';
import { problemTitle } from '../../platform/http/problem.js';
import * as repo from './repository.js';
import { deleteCustomer, updateCustomer } from './service.js';

type Bulk = z.output<typeof CustomerBulkAction>;

function patchFor(bulk: Bulk, tags: string[]) {
  switch (bulk.action) {
    case 'assign_owner':
      return { ownerId: bulk.ownerId };
    case 'add_tag':
      return { tags: tags.includes(bulk.tag) ? tags : [...tags, bulk.tag] };
    case 'remove_tag':
      return { tags: tags.filter((x) => x !== bulk.tag) };
    case 'set_grade':
      return { grade: bulk.grade };
    case 'set_stage':
      return { stage: bulk.stage };
    case 'delete':
      return null;
  }
}

export async function bulkUpdateCustomers(ctx: Ctx, bulk: Bulk): Promise<z.output<typeof CustomerBulkResult>> {
  requirePermission(ctx, bulk.action === 'delete' ? 'customers:delete' : 'customers:write');
  const scope = await scopeFilter(ctx, 'customers');
  const result: z.output<typeof CustomerBulkResult> = { succeeded: [], failed: [] };
  for (const id of [...new Set(bulk.ids)]) {
    try {
      const row = await repo.findVisibleCustomer(ctx.db, scope, id);
      if (!row) throw new AppError('not_found', { object: 'customer' });
      const patch = patchFor(bulk, fromJson<string[]>(row.tags));
      if (patch) await updateCustomer(ctx, id, patch, row.version);
      else await deleteCustomer(ctx, id);
      result.succeeded.push(id);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const detail = err.fields[0] ? ` (${err.fields[0].path})` : '';
      result.failed.push({ id, code: err.code, message: problemTitle(ctx.locale, err) + detail });
    }
  }
  return result;
}
