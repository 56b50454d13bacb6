// Opportunities on the customer timeline: created, moved between stages, won, lost, reopened
// (from the audit log), for those who may read opportunities.
import { can } from '../../platform/authz/index.js';
import { fromJson } from '../../platform/db/dialect.js';
import { registerTimelineSource } from '../../platform/timeline.js';

registerTimelineSource('opportunity', {
  async items(ctx, customerId, before, limit) {
    if (!can(ctx, 'opportunities:read')) return [];
    let q = ctx.db.selectFrom('auditEvents').selectAll().where('rootId', '=', customerId).where('objectType', '=', 'opportunity')
      .where('action', 'in', ['opportunity.create', 'opportunity.stage_change', 'opportunity.won', 'opportunity.lost', 'opportunity.reopen']);
    if (before) q = q.where((eb) => eb(eb.refTuple('at', 'id'), '<', eb.tuple(before.at, before.id)));
    const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => {
      const meta = fromJson<Record<string, unknown> | null>(r.meta) ?? {};
      const changes = r.changes === null ? {} : fromJson<Record<string, { before: unknown; after: unknown }>>(r.changes);
      return {
        type: 'opportunity',
        id: r.id,
        at: r.at,
        actorName: r.actorName,
        kind: r.action,
        title: typeof meta.name === 'string' ? meta.name : null,
        body: null,
        meta: { opportunityId: r.objectId, stageId: changes.stageId?.after ?? null, closeReason: changes.closeReason?.after ?? null },
      };
    });
  },
});
