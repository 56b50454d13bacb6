// The append-only audit log: one row per change, written in the change's transaction.
import { REDACTED } from '@kehu/shared';
import type { Ctx } from './context.js';
import { newId } from './crypto.js';
import { toJson } from './db/dialect.js';

/** Field names whose values never reach the audit log in clear. */
const secretFields = new Set(['password', 'passwordHash', 'keyHash', 'tokenHash', 'csrfToken', 'key', 'secret']);

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** Fields to record as changed without their values (personal data). */
  sensitive?: string[];
  meta?: Record<string, unknown>;
  /** For actions without a signed-in actor, e.g. a failed login. */
  actorName?: string | null;
  /** The record this change belongs to, when not the object itself (a contact's customer). */
  rootId?: string | null;
}

const ignored = new Set(['updatedAt', 'version']);

/** before → after for each changed field; creation and deletion list every field. */
export function diff(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
  sensitive: string[] = [],
): Record<string, { before: unknown; after: unknown }> | null {
  if (!before && !after) return null;
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const k of keys) {
    if (ignored.has(k)) continue;
    const b = before?.[k] ?? null;
    const a = after?.[k] ?? null;
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    const hide = secretFields.has(k) || sensitive.includes(k);
    changes[k] = hide ? { before: b === null ? null : REDACTED, after: a === null ? null : REDACTED } : { before: b, after: a };
  }
  return Object.keys(changes).length ? changes : null;
}

function auditRow(ctx: Ctx, entry: AuditEntry) {
  const changes = diff(entry.before, entry.after, entry.sensitive);
  return {
    id: newId(),
    at: ctx.now(),
    actorId: ctx.actor?.userId ?? null,
    actorName: ctx.actor?.name ?? entry.actorName ?? null,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    changes: changes ? toJson(changes) : null,
    meta: entry.meta ? toJson(entry.meta) : null,
    ip: ctx.ip,
    requestId: ctx.requestId,
    rootId: entry.rootId ?? null,
  };
}

export async function recordAudit(ctx: Ctx, entry: AuditEntry): Promise<void> {
  await ctx.db.insertInto('auditEvents').values(auditRow(ctx, entry)).execute();
}

/** Many audit rows in few statements, for bulk writes (imports). */
export async function recordAudits(ctx: Ctx, entries: AuditEntry[]): Promise<void> {
  const rows = entries.map((e) => auditRow(ctx, e));
  for (let i = 0; i < rows.length; i += 200) await ctx.db.insertInto('auditEvents').values(rows.slice(i, i + 200)).execute();
}
