// Pipelines (销售流程) and their stages. Each business line can have its own; one is the
// default. A stage carries the win probability opportunities take on entering it and the
// fields they must have before they may enter it (e.g. an amount before "proposal").
import type { z } from 'zod';
import {
  locales, type Pipeline, type PipelineCreate, type PipelinePatch, type PipelineStage, type StageKind, type StageRequirableField,
} from '@kehu/shared';
import { memoized, type Ctx } from '../../platform/context.js';
import { requireActor, requirePermission } from '../../platform/authz/index.js';
import { recordAudit } from '../../platform/audit.js';
import { newId } from '../../platform/crypto.js';
import { fromJson, toJson } from '../../platform/db/dialect.js';
import { errors, type FieldIssue } from '../../platform/http/errors.js';
import { translate, type MessageKey } from '../../platform/i18n/index.js';
import { listCustomFields } from '../customers/custom-fields.service.js';

/** Fixed ids for the pipeline every organization starts with, so two processes starting at once make one. */
export const DEFAULT_PIPELINE_ID = '00000000-0000-7000-8000-000000000001';
const defaultStages: { key: string; kind: StageKind; probability: number; requiredFields: StageRequirableField[] }[] = [
  { key: 'qualification', kind: 'open', probability: 10, requiredFields: [] },
  { key: 'needs_analysis', kind: 'open', probability: 25, requiredFields: [] },
  { key: 'proposal', kind: 'open', probability: 50, requiredFields: ['amount'] },
  { key: 'negotiation', kind: 'open', probability: 75, requiredFields: ['amount', 'expectedCloseDate'] },
  { key: 'won', kind: 'won', probability: 100, requiredFields: [] },
  { key: 'lost', kind: 'lost', probability: 0, requiredFields: [] },
];
const defaultStageId = (i: number) => `00000000-0000-7000-8000-0000000001${String(i + 1).padStart(2, '0')}`;

function localized(key: string): PipelineStage['name'] {
  return Object.fromEntries(locales.map((l) => [l, translate(l, key as MessageKey)])) as PipelineStage['name'];
}

/** Creates the default pipeline the first time the organization runs (boot). */
export async function ensureDefaultPipeline(ctx: Ctx): Promise<void> {
  if (await ctx.db.selectFrom('pipelines').select('id').limit(1).executeTakeFirst()) return;
  await ctx.tx(async (tx) => {
    const now = tx.now();
    const inserted = await tx.db.insertInto('pipelines')
      .values({ id: DEFAULT_PIPELINE_ID, name: translate(tx.locale, 'values.pipeline.default'), isDefault: 1, archived: 0, createdAt: now, updatedAt: now, createdBy: null, version: 1 })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (!Number(inserted.numInsertedOrUpdatedRows)) return;
    await tx.db.insertInto('pipelineStages').values(defaultStages.map((s, i) => ({
      id: defaultStageId(i), pipelineId: DEFAULT_PIPELINE_ID, position: i, name: toJson(localized(`values.pipeline.stage.${s.key}`)),
      kind: s.kind, probability: s.probability, requiredFields: toJson(s.requiredFields), requiredCustomFields: toJson([]),
    }))).execute();
  });
}

type PipelineRow = { id: string; name: string; isDefault: number; archived: number; createdAt: string; updatedAt: string; version: number };

async function stagesOf(ctx: Ctx, pipelineIds: string[]): Promise<Map<string, PipelineStage[]>> {
  const out = new Map<string, PipelineStage[]>(pipelineIds.map((id) => [id, []]));
  if (!pipelineIds.length) return out;
  const rows = await ctx.db.selectFrom('pipelineStages').selectAll().where('pipelineId', 'in', pipelineIds).orderBy('position').execute();
  for (const r of rows) {
    out.get(r.pipelineId)!.push({
      id: r.id, name: fromJson(r.name), kind: r.kind as StageKind, probability: r.probability,
      requiredFields: fromJson(r.requiredFields), requiredCustomFields: fromJson(r.requiredCustomFields),
    });
  }
  return out;
}

const toPipeline = (row: PipelineRow, stages: PipelineStage[]): Pipeline => ({
  id: row.id, name: row.name, isDefault: row.isDefault === 1, archived: row.archived === 1, stages,
  createdAt: row.createdAt, updatedAt: row.updatedAt, version: row.version,
});

/** Pipelines are configuration every seller reads; writing them needs settings:manage. */
function requireReader(ctx: Ctx) {
  const actor = requireActor(ctx);
  if (!actor.permissions.has('opportunities:read') && !actor.permissions.has('settings:manage')) throw errors.forbidden();
}

export async function listPipelines(ctx: Ctx): Promise<Pipeline[]> {
  requireReader(ctx);
  const rows = await ctx.db.selectFrom('pipelines').selectAll().orderBy('isDefault', 'desc').orderBy('createdAt').execute();
  const stages = await stagesOf(ctx, rows.map((r) => r.id));
  return rows.map((r) => toPipeline(r, stages.get(r.id)!));
}

/** A pipeline by id (memoized per request: opportunities read it for every card). */
export function findPipeline(ctx: Ctx, id: string): Promise<Pipeline | null> {
  return memoized(ctx, `pipeline:${id}`, async () => {
    const row = await ctx.db.selectFrom('pipelines').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toPipeline(row, (await stagesOf(ctx, [id])).get(id)!) : null;
  });
}

export async function getPipeline(ctx: Ctx, id: string): Promise<Pipeline> {
  requireReader(ctx);
  const pipeline = await findPipeline(ctx, id);
  if (!pipeline) throw errors.notFound('pipeline');
  return pipeline;
}

export async function defaultPipeline(ctx: Ctx): Promise<Pipeline> {
  const row = await ctx.db.selectFrom('pipelines').select('id').where('isDefault', '=', 1).executeTakeFirst();
  const pipeline = row ? await findPipeline(ctx, row.id) : null;
  if (!pipeline) throw errors.notFound('pipeline');
  return pipeline;
}

type StageInput = z.output<typeof PipelineCreate>['stages'][number];

/** Open stages first, then exactly one won and one lost stage; known custom fields; ids of this pipeline only. */
async function checkStages(ctx: Ctx, stages: StageInput[], existing: PipelineStage[]): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const kinds = stages.map((s) => s.kind);
  if (!kinds.includes('open')) issues.push({ path: 'stages', code: 'no_open_stage', messageKey: 'pipeline.no_open_stage' });
  for (const end of ['won', 'lost'] as const) {
    if (kinds.filter((k) => k === end).length !== 1) issues.push({ path: 'stages', code: `one_${end}_stage`, messageKey: `pipeline.one_${end}_stage` });
  }
  const firstEnd = kinds.findIndex((k) => k !== 'open');
  if (firstEnd >= 0 && kinds.slice(firstEnd).includes('open')) issues.push({ path: `stages.${kinds.lastIndexOf('open')}.kind`, code: 'open_after_end', messageKey: 'pipeline.open_after_end' });
  const known = new Set(existing.map((s) => s.id));
  const customKeys = new Set((await listCustomFields(ctx, 'opportunity')).filter((f) => !f.archived).map((f) => f.key));
  const seen = new Set<string>();
  stages.forEach((s, i) => {
    if (s.id && (!known.has(s.id) || seen.has(s.id))) issues.push({ path: `stages.${i}.id`, code: 'unknown', messageKey: 'pipeline.unknown_stage' });
    if (s.id) seen.add(s.id);
    s.requiredCustomFields.forEach((key, j) => {
      if (!customKeys.has(key)) issues.push({ path: `stages.${i}.requiredCustomFields.${j}`, code: 'unknown', messageKey: 'custom_field.unknown' });
    });
  });
  return issues;
}

async function writeStages(ctx: Ctx, pipelineId: string, stages: StageInput[], existing: PipelineStage[]): Promise<void> {
  ctx.memo.delete(`pipeline:${pipelineId}`);
  const kept = new Set(stages.flatMap((s) => (s.id ? [s.id] : [])));
  const removed = existing.filter((s) => !kept.has(s.id));
  if (removed.length) {
    // A stage that still holds opportunities cannot go: they would have nowhere to be.
    const used = await ctx.db.selectFrom('opportunities').select('stageId').where('stageId', 'in', removed.map((s) => s.id)).where('deletedAt', 'is', null).limit(1).executeTakeFirst();
    if (used) throw errors.invalidFields({ path: 'stages', code: 'stage_in_use', messageKey: 'pipeline.stage_in_use' });
    await ctx.db.deleteFrom('pipelineStages').where('id', 'in', removed.map((s) => s.id)).execute();
  }
  for (const [position, s] of stages.entries()) {
    const values = {
      position, name: toJson(s.name), kind: s.kind, probability: s.probability,
      requiredFields: toJson([...new Set(s.requiredFields)]), requiredCustomFields: toJson([...new Set(s.requiredCustomFields)]),
    };
    if (s.id) {
      const before = existing.find((e) => e.id === s.id)!;
      // An opportunity in a stage that changes between open and closed would contradict its status.
      if (before.kind !== s.kind && (await ctx.db.selectFrom('opportunities').select('id').where('stageId', '=', s.id).where('deletedAt', 'is', null).limit(1).executeTakeFirst())) {
        throw errors.invalidFields({ path: `stages.${position}.kind`, code: 'stage_in_use', messageKey: 'pipeline.kind_in_use' });
      }
      await ctx.db.updateTable('pipelineStages').set(values).where('id', '=', s.id).execute();
    } else {
      await ctx.db.insertInto('pipelineStages').values({ id: newId(), pipelineId, ...values }).execute();
    }
  }
}

async function makeOnlyDefault(ctx: Ctx, pipelineId: string): Promise<void> {
  await ctx.db.updateTable('pipelines').set({ isDefault: 0 }).where('id', '!=', pipelineId).where('isDefault', '=', 1).execute();
  await ctx.db.updateTable('pipelines').set({ isDefault: 1 }).where('id', '=', pipelineId).execute();
  ctx.memo.delete(`pipeline:${pipelineId}`);
}

export async function createPipeline(ctx: Ctx, input: z.output<typeof PipelineCreate>): Promise<Pipeline> {
  const actor = requirePermission(ctx, 'settings:manage');
  const id = newId();
  await ctx.tx(async (tx) => {
    const issues = await checkStages(tx, input.stages, []);
    if (issues.length) throw errors.invalidFields(...issues);
    const now = tx.now();
    await tx.db.insertInto('pipelines').values({ id, name: input.name, isDefault: 0, archived: 0, createdAt: now, updatedAt: now, createdBy: actor.userId, version: 1 }).execute();
    await writeStages(tx, id, input.stages, []);
    if (input.isDefault) await makeOnlyDefault(tx, id);
    const created = (await findPipeline(tx, id))!;
    await recordAudit(tx, { action: 'pipeline.create', objectType: 'pipeline', objectId: id, after: { name: created.name, stages: created.stages } });
  });
  return (await findPipeline(ctx, id))!;
}

export async function updatePipeline(ctx: Ctx, id: string, patch: z.output<typeof PipelinePatch>, version: number): Promise<Pipeline> {
  requirePermission(ctx, 'settings:manage');
  await ctx.tx(async (tx) => {
    const before = await findPipeline(tx, id);
    if (!before) throw errors.notFound('pipeline');
    if (before.version !== version) throw errors.versionConflict(before.version);
    if (patch.archived && (before.isDefault || patch.isDefault)) {
      throw errors.invalidFields({ path: 'archived', code: 'default_pipeline', messageKey: 'pipeline.archive_default' });
    }
    if (patch.stages) {
      const issues = await checkStages(tx, patch.stages, before.stages);
      if (issues.length) throw errors.invalidFields(...issues);
      await writeStages(tx, id, patch.stages, before.stages);
    }
    await tx.db.updateTable('pipelines').set({
      name: patch.name ?? before.name,
      archived: patch.archived === undefined ? Number(before.archived) : Number(patch.archived),
      updatedAt: tx.now(),
      version: version + 1,
    }).where('id', '=', id).where('version', '=', version).execute();
    tx.memo.delete(`pipeline:${id}`);
    if (patch.isDefault) await makeOnlyDefault(tx, id);
    const after = (await findPipeline(tx, id))!;
    await recordAudit(tx, {
      action: 'pipeline.update', objectType: 'pipeline', objectId: id,
      before: { name: before.name, archived: before.archived, isDefault: before.isDefault, stages: before.stages },
      after: { name: after.name, archived: after.archived, isDefault: after.isDefault, stages: after.stages },
    });
  });
  return (await findPipeline(ctx, id))!;
}
