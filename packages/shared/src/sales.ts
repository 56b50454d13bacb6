// Contract of the sales area: pipelines and their stages, opportunities on them, closing
// won or lost, and the board that shows them by stage.
import { z } from 'zod';
import { Currency, Id, IsoDateTime, ListQuery, Version } from './common.js';
import { CustomValues, LocalizedLabel } from './custom-fields.js';

/** An open stage moves on; won and lost end the opportunity. Every pipeline has one of each end. */
export const stageKinds = ['open', 'won', 'lost'] as const;
export const StageKind = z.enum(stageKinds);
export type StageKind = z.infer<typeof StageKind>;

/** Opportunity fields a stage can require before an opportunity enters it. */
export const stageRequirableFields = [
  'amount', 'expectedCloseDate', 'contacts', 'needs', 'budget', 'decisionProcess', 'decisionTimeline', 'competitors', 'nextStep',
] as const;
export const StageRequirableField = z.enum(stageRequirableFields);
export type StageRequirableField = z.infer<typeof StageRequirableField>;

export const PipelineStage = z.object({
  id: Id,
  name: LocalizedLabel,
  kind: StageKind,
  /** Win probability in percent that opportunities take on entering the stage. */
  probability: z.number().int().min(0).max(100),
  requiredFields: z.array(StageRequirableField),
  /** Custom fields (by key) the stage requires as well. */
  requiredCustomFields: z.array(z.string().max(40)),
});
export type PipelineStage = z.infer<typeof PipelineStage>;

export const Pipeline = z.object({
  id: Id,
  name: z.string(),
  isDefault: z.boolean(),
  archived: z.boolean(),
  /** In order: the open stages first, then won, then lost. */
  stages: z.array(PipelineStage),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Pipeline = z.infer<typeof Pipeline>;

/** A stage as written: an id keeps an existing stage (and its opportunities), none adds one. */
export const PipelineStageInput = PipelineStage.extend({ id: Id.optional(), requiredCustomFields: z.array(z.string().max(40)).default([]) });
const pipelineFields = {
  name: z.string().trim().min(1).max(100),
  isDefault: z.boolean().optional(),
  stages: z.array(PipelineStageInput).min(3).max(20),
};
export const PipelineCreate = z.object(pipelineFields);
export const PipelinePatch = z.object({
  name: pipelineFields.name.optional(),
  isDefault: z.literal(true).optional(),
  archived: z.boolean().optional(),
  stages: pipelineFields.stages.optional(),
  version: Version.optional(),
});

/** The part a contact plays in the deal. */
export const contactRoles = ['decision_maker', 'influencer', 'user', 'technical', 'procurement', 'other'] as const;
export const ContactRole = z.enum(contactRoles);
export const OpportunityContact = z.object({ contactId: Id, name: z.string(), role: ContactRole });
export const OpportunityContactInput = z.object({ contactId: Id, role: ContactRole.default('other') });

/** Where the owner puts the deal in the forecast. */
export const forecastCategories = ['pipeline', 'best_case', 'commit', 'omitted'] as const;
export const ForecastCategory = z.enum(forecastCategories);

export const opportunityStatuses = ['open', 'won', 'lost'] as const;
export const OpportunityStatus = z.enum(opportunityStatuses);
export type OpportunityStatus = z.infer<typeof OpportunityStatus>;

/** Money in minor units (分); never floats. */
const MinorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const LongText = (max: number) => z.string().trim().max(max).nullable().optional();

const opportunityFields = {
  name: z.string().trim().min(1).max(200),
  customerId: Id,
  contacts: z.array(OpportunityContactInput).max(20).optional(),
  amount: MinorUnits.nullable().optional(),
  /** The organization's currency when left out. */
  currency: Currency.optional(),
  expectedCloseDate: z.iso.date().nullable().optional(),
  pipelineId: Id.optional(),
  stageId: Id.optional(),
  /** Left out: the stage's default probability. */
  probability: z.number().int().min(0).max(100).nullable().optional(),
  forecastCategory: ForecastCategory.optional(),
  needs: LongText(5000),
  budget: MinorUnits.nullable().optional(),
  decisionProcess: LongText(2000),
  decisionTimeline: LongText(500),
  competitors: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
  nextStep: LongText(500),
  ownerId: Id.optional(),
  custom: CustomValues.optional(),
};

export const OpportunityCreate = z.object(opportunityFields);
export type OpportunityCreate = z.infer<typeof OpportunityCreate>;
/** Moving to a won or lost stage goes through close, which asks for the reason. */
export const OpportunityPatch = z.object({
  ...opportunityFields,
  name: opportunityFields.name.optional(),
  customerId: opportunityFields.customerId.optional(),
  version: Version.optional(),
});
export type OpportunityPatch = z.infer<typeof OpportunityPatch>;

/** The reason lists (win_reason, loss_reason picklists) until an admin edits them. */
export const defaultWinReasons = ['price', 'product_fit', 'relationship', 'service', 'brand', 'other'] as const;
export const defaultLossReasons = ['price', 'product_gap', 'competitor', 'no_budget', 'no_decision', 'timing', 'other'] as const;

export const OpportunityClose = z.object({
  outcome: z.enum(['won', 'lost']),
  /** A value of the win-reason or loss-reason list. */
  reason: z.string().trim().min(1).max(40),
  competitor: z.string().trim().max(100).nullable().optional(),
  note: z.string().trim().max(2000).nullable().optional(),
  version: Version.optional(),
});
export const OpportunityReopen = z.object({ stageId: Id.optional(), version: Version.optional() });

export const Opportunity = z.object({
  id: Id,
  name: z.string(),
  customerId: Id,
  customerName: z.string(),
  contacts: z.array(OpportunityContact),
  amount: z.number().int().nullable(),
  currency: Currency,
  expectedCloseDate: z.string().nullable(),
  pipelineId: Id,
  stageId: Id,
  stageName: LocalizedLabel,
  probability: z.number().int(),
  /** The owner set the probability rather than taking the stage's. */
  probabilityOverridden: z.boolean(),
  forecastCategory: ForecastCategory,
  status: OpportunityStatus,
  needs: z.string().nullable(),
  budget: z.number().int().nullable(),
  decisionProcess: z.string().nullable(),
  decisionTimeline: z.string().nullable(),
  competitors: z.array(z.string()),
  nextStep: z.string().nullable(),
  closeReason: z.string().nullable(),
  closeCompetitor: z.string().nullable(),
  closeNote: z.string().nullable(),
  closedAt: IsoDateTime.nullable(),
  stageEnteredAt: IsoDateTime,
  ownerId: Id,
  ownerName: z.string().nullable(),
  teamId: Id.nullable(),
  custom: CustomValues,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Opportunity = z.infer<typeof Opportunity>;

export const opportunitySorts = ['-updatedAt', 'updatedAt', 'expectedCloseDate', '-expectedCloseDate', '-amount', 'amount', '-createdAt', 'createdAt'] as const;
export const OpportunitySort = z.enum(opportunitySorts);

export const OpportunityListQuery = ListQuery.extend({
  q: z.string().trim().max(100).optional(),
  pipelineId: Id.optional(),
  stageId: Id.optional(),
  status: OpportunityStatus.optional(),
  ownerId: Id.optional(),
  customerId: Id.optional(),
  sort: OpportunitySort.default('-updatedAt'),
});

/** One stage column of the board: how many, how much, and the first cards. */
export const BoardColumn = z.object({
  stageId: Id,
  count: z.number().int(),
  /** Sums in minor units of the organization's currency (other currencies are counted, not summed). */
  amount: z.number().int(),
  weightedAmount: z.number().int(),
  cards: z.array(Opportunity),
  nextCursor: z.string().nullable(),
});
export const Board = z.object({ pipeline: Pipeline, currency: Currency, columns: z.array(BoardColumn) });
export const BoardQuery = z.object({
  pipelineId: Id.optional(),
  ownerId: Id.optional(),
  q: z.string().trim().max(100).optional(),
  /** Cards per column on the first load; each column pages on with the list endpoint. */
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const StageVisit = z.object({
  stageId: Id,
  stageName: LocalizedLabel,
  enteredAt: IsoDateTime,
  leftAt: IsoDateTime.nullable(),
  /** Seconds spent in the stage (up to now for the current one). */
  seconds: z.number().int(),
  actorName: z.string().nullable(),
});
export const StageHistory = z.object({ data: z.array(StageVisit) });

/** Who follows an opportunity (关注), and whether the caller does. */
export const OpportunityWatchers = z.object({ data: z.array(z.object({ id: Id, name: z.string() })), watching: z.boolean() });
export const OpportunityWatch = z.object({ watching: z.boolean() });
