// The customer timeline's "change" items: edits of the customer and its contacts, from the audit log.
import { fromJson } from '../../platform/db/dialect.js';
import { registerTimelineSource } from '../../platform/timeline.js';

registerTimelineSource('change', {
  async items(ctx, customerId, before, limit) {
    let q = ctx.db.selectFrom('auditEvents').selectAll().where('rootId', '=', customerId).where('objectType', 'in', ['customer', 'contact']);
    if (before) q = q.where((eb) => eb(eb.refTuple('at', 'id'), '<', eb.tuple(before.at, before.id)));
    const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      type: 'change',
      id: r.id,
      at: r.at,
      actorName: r.actorName,
      kind: r.action,
      title: typeof fromJson<Record<string, unknown> | null>(r.meta)?.name === 'string' ? String(fromJson<Record<string, unknown>>(r.meta).name) : null,
      body: null,
      meta: { objectType: r.objectType, objectId: r.objectId, changes: r.changes === null ? null : fromJson(r.changes) },
    }));
  },
});
