// Saved views of lists (视图): a name for a list's filters, sort and columns, kept for
// oneself or shared with everyone who may read the list. Each module registers its lists,
// so a view's query is checked with the same schema as the list itself.
import { z } from 'zod';
import {
  IdParams, SavedView, SavedViewCreate, SavedViewListQuery, SavedViewPatch,
  type Permission, type SavedView as SavedViewType,
} from '@kehu/shared';
import type { KehuApp } from '../app.js';
import type { Ctx } from './context.js';
import { requirePermission } from './authz/index.js';
import { recordAudit } from './audit.js';
import { newId } from './crypto.js';
import { fromJson, toJson } from './db/dialect.js';
import { AppError, errors } from './http/errors.js';
import { expectedVersion } from './http/version.js';

type ViewObject = SavedViewType['object'];

interface ViewableList {
  permission: Permission;
  /** The list's query without paging. */
  query: z.ZodType;
  columns: readonly string[];
}

const lists = new Map<ViewObject, ViewableList>();

export function registerViewableList(object: ViewObject, list: ViewableList): void {
  lists.set(object, list);
}

function listOf(ctx: Ctx, object: ViewObject): ViewableList {
  const list = lists.get(object);
  if (!list) throw errors.notFound('record');
  requirePermission(ctx, list.permission);
  return list;
}

/** Checks a view's query and columns against the list; answers 400 naming the part at fault. */
function checked(list: ViewableList, query: Record<string, unknown> | undefined, columns: string[] | undefined) {
  if (query) {
    const parsed = list.query.safeParse(query);
    if (!parsed.success) {
      throw new AppError('validation_failed', {}, parsed.error.issues.map((i) => ({ path: ['query', ...i.path].join('.'), code: i.code, messageKey: 'format' })));
    }
  }
  const unknown = (columns ?? []).findIndex((c) => !list.columns.includes(c) && !/^custom\.[a-z][a-z0-9_]*$/.test(c));
  if (unknown >= 0) throw errors.invalidFields({ path: `columns.${unknown}`, code: 'unknown_field', messageKey: 'unknown_field' });
}

function findView(ctx: Ctx, id: string) {
  return ctx.db
    .selectFrom('savedViews')
    .leftJoin('users', 'users.id', 'savedViews.ownerId')
    .selectAll('savedViews')
    .select('users.name as ownerName')
    .where('savedViews.id', '=', id)
    .executeTakeFirst();
}

type ViewRow = NonNullable<Awaited<ReturnType<typeof findView>>>;

function toView(row: ViewRow): SavedViewType {
  return {
    id: row.id,
    object: row.object as ViewObject,
    name: row.name,
    shared: row.shared === 1,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    query: fromJson<Record<string, unknown>>(row.query),
    columns: fromJson<string[]>(row.columns),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

/** My views and the shared ones, mine first. */
export async function listViews(ctx: Ctx, object: ViewObject): Promise<SavedViewType[]> {
  listOf(ctx, object);
  const me = ctx.actor!.userId;
  const rows = await ctx.db
    .selectFrom('savedViews')
    .leftJoin('users', 'users.id', 'savedViews.ownerId')
    .selectAll('savedViews')
    .select('users.name as ownerName')
    .where('savedViews.object', '=', object)
    .where((eb) => eb.or([eb('savedViews.ownerId', '=', me), eb('savedViews.shared', '=', 1)]))
    .orderBy('savedViews.name')
    .limit(200)
    .execute();
  return rows.map(toView).sort((a, b) => Number(b.ownerId === me) - Number(a.ownerId === me));
}

export async function createView(ctx: Ctx, input: z.output<typeof SavedViewCreate>): Promise<SavedViewType> {
  const list = listOf(ctx, input.object);
  checked(list, input.query, input.columns);
  const id = newId();
  const now = ctx.now();
  await ctx.tx(async (tx) => {
    await tx.db.insertInto('savedViews').values({
      id, object: input.object, name: input.name, shared: input.shared ? 1 : 0, ownerId: ctx.actor!.userId,
      query: toJson(input.query), columns: toJson(input.columns), createdAt: now, updatedAt: now, createdBy: ctx.actor!.userId, version: 1,
    }).execute();
    await recordAudit(tx, { action: 'saved_view.create', objectType: 'saved_view', objectId: id, after: { name: input.name, shared: input.shared, query: input.query, columns: input.columns } });
  });
  return toView((await findView(ctx, id))!);
}

/** Only the owner (or an admin) changes or deletes a view, shared or not. */
async function ownView(ctx: Ctx, id: string): Promise<ViewRow> {
  const row = await findView(ctx, id);
  const actor = ctx.actor!;
  if (!row || (row.ownerId !== actor.userId && row.shared !== 1)) throw errors.notFound('record');
  listOf(ctx, row.object as ViewObject);
  if (row.ownerId !== actor.userId && !actor.isAdmin) throw errors.forbidden();
  return row;
}

export async function updateView(ctx: Ctx, id: string, patch: z.output<typeof SavedViewPatch>, version: number): Promise<SavedViewType> {
  const row = await ownView(ctx, id);
  checked(lists.get(row.object as ViewObject)!, patch.query, patch.columns);
  if (row.version !== version) throw errors.versionConflict(row.version);
  await ctx.tx(async (tx) => {
    const updated = await tx.db.updateTable('savedViews').set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.shared !== undefined ? { shared: patch.shared ? 1 : 0 } : {}),
      ...(patch.query !== undefined ? { query: toJson(patch.query) } : {}),
      ...(patch.columns !== undefined ? { columns: toJson(patch.columns) } : {}),
      updatedAt: tx.now(),
      version: version + 1,
    }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw errors.versionConflict(version + 1);
    const before = toView(row);
    await recordAudit(tx, {
      action: 'saved_view.update', objectType: 'saved_view', objectId: id,
      before: { name: before.name, shared: before.shared, query: before.query, columns: before.columns },
      after: { name: patch.name ?? before.name, shared: patch.shared ?? before.shared, query: patch.query ?? before.query, columns: patch.columns ?? before.columns },
    });
  });
  return toView((await findView(ctx, id))!);
}

export async function deleteView(ctx: Ctx, id: string): Promise<void> {
  const row = await ownView(ctx, id);
  await ctx.tx(async (tx) => {
    await tx.db.deleteFrom('savedViews').where('id', '=', id).execute();
    await recordAudit(tx, { action: 'saved_view.delete', objectType: 'saved_view', objectId: id, meta: { name: row.name } });
  });
}

export function savedViewRoutes(app: KehuApp): void {
  const tags = ['saved-views'];
  app.get('/api/v1/saved-views', { schema: { tags, querystring: SavedViewListQuery, response: { 200: z.object({ data: z.array(SavedView) }) } } },
    async (req) => ({ data: await listViews(req.ctx, req.query.object) }));
  app.post('/api/v1/saved-views', { schema: { tags, body: SavedViewCreate, response: { 201: SavedView } } },
    async (req, reply) => reply.status(201).send(await createView(req.ctx, req.body)));
  app.patch('/api/v1/saved-views/:id', { schema: { tags, params: IdParams, body: SavedViewPatch, response: { 200: SavedView } } },
    (req) => updateView(req.ctx, req.params.id, req.body, expectedVersion(req.headers['if-match'], req.body.version)));
  app.delete('/api/v1/saved-views/:id', { schema: { tags, params: IdParams, response: { 204: z.null() } } }, async (req, reply) => {
    await deleteView(req.ctx, req.params.id);
    return reply.status(204).send(null);
  });
}
