// Reading the audit log (writing happens in platform/audit.ts beside every change).
import type { z } from 'zod';
import type { AuditEvent, AuditQuery } from '@kehu/shared';
import type { Ctx } from '../../platform/context.js';
import { requirePermission } from '../../platform/authz/index.js';
import { fromJson, toDbTime } from '../../platform/db/dialect.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';

export async function listAuditEvents(ctx: Ctx, query: z.output<typeof AuditQuery>) {
  requirePermission(ctx, 'audit:read');
  let q = ctx.db.selectFrom('auditEvents').selectAll();
  if (query.actorId) q = q.where('actorId', '=', query.actorId);
  if (query.objectType) q = q.where('objectType', '=', query.objectType);
  if (query.objectId) q = q.where('objectId', '=', query.objectId);
  if (query.action) q = q.where('action', '=', query.action);
  if (query.from) q = q.where('at', '>=', toDbTime(query.from));
  if (query.to) q = q.where('at', '<', toDbTime(query.to));
  const after = decodeCursor(query.cursor, 1);
  if (after) q = q.where('id', '<', String(after[0]));
  // UUIDv7 ids grow with time: id order is newest-first order.
  const rows = await q.orderBy('id', 'desc').limit(query.limit + 1).execute();
  return toPage(rows, query.limit, (r) => [r.id], (r): AuditEvent => ({
    id: r.id, at: r.at, actorId: r.actorId, actorName: r.actorName, action: r.action,
    objectType: r.objectType, objectId: r.objectId,
    changes: r.changes === null ? null : fromJson(r.changes),
    meta: r.meta === null ? null : fromJson(r.meta),
    ip: r.ip, requestId: r.requestId,
  }));
}
