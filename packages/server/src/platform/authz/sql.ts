// Turns a ScopeFilter into a WHERE condition on a table's owner and team columns.
import type { Expression, ExpressionBuilder, ReferenceExpression, SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ScopeFilter } from './index.js';

export function scopeCondition<TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  filter: ScopeFilter,
  cols: { owner: ReferenceExpression<DB, TB>; team: ReferenceExpression<DB, TB> },
): Expression<SqlBool> {
  if (filter.kind === 'all') return eb.and([]);
  if (filter.kind === 'own') return eb(cols.owner, '=', filter.userId);
  return eb.or([eb(cols.owner, '=', filter.userId), eb(cols.team, 'in', filter.teamIds)]);
}
