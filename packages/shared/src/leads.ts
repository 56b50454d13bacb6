// Contract of leads (线索): capture (manual, import, API, web forms), scoring, routing and
// conversion into a customer, a contact and an opportunity.
import { z } from 'zod';
import { Currency, Id, IsoDateTime, ListQuery, Version } from './common.js';
import { CustomerSource, EmailInput, Industry, PhoneInput } from './customers.js';
import { CustomValues, LocalizedLabel } from './custom-fields.js';

export const leadStatuses = ['new', 'contacted', 'qualified', 'converted', 'disqualified'] as const;
export const LeadStatus = z.enum(leadStatuses);
export type LeadStatus = z.infer<typeof LeadStatus>;
/** Statuses a lead is still worked in; converted and disqualified ones are done. */
export const openLeadStatuses: readonly LeadStatus[] = ['new', 'contacted', 'qualified'];

export const scoreBands = ['hot', 'warm', 'cold'] as const;
export const ScoreBand = z.enum(scoreBands);
export type ScoreBand = z.infer<typeof ScoreBand>;

export const defaultDisqualifyReasons = ['no_need', 'no_budget', 'unreachable', 'competitor', 'spam', 'other'] as const;

const MinorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const OptionalText = (max: number) => z.string().trim().max(max).nullable().optional();

const leadFields = {
  personName: OptionalText(100),
  companyName: OptionalText(200),
  title: OptionalText(100),
  mobile: PhoneInput.nullable().optional(),
  phone: PhoneInput.nullable().optional(),
  email: EmailInput.nullable().optional(),
  wechat: OptionalText(60),
  source: CustomerSource.nullable().optional(),
  campaign: OptionalText(100),
  province: OptionalText(60),
  city: OptionalText(60),
  industry: Industry.nullable().optional(),
  needs: OptionalText(5000),
  budget: MinorUnits.nullable().optional(),
  currency: Currency.optional(),
  ownerId: Id.nullable().optional(),
  custom: CustomValues.optional(),
};

/** A lead names a person or a company, and can be reached somehow. */
function reachable(l: { personName?: string | null; companyName?: string | null }, ctx: z.RefinementCtx) {
  if (!l.personName && !l.companyName) ctx.addIssue({ code: 'custom', path: ['personName'], message: 'lead.name_required' });
}

export const LeadCreate = z.object(leadFields).superRefine(reachable);
export type LeadCreate = z.infer<typeof LeadCreate>;
export const LeadPatch = z.object({
  ...leadFields,
  status: z.enum(['new', 'contacted', 'qualified']).optional(),
  version: Version.optional(),
});
export type LeadPatch = z.infer<typeof LeadPatch>;

export const LeadDisqualify = z.object({ reason: z.string().trim().min(1).max(40), note: OptionalText(2000), version: Version.optional() });

/** One rule's part of a score, so the rep sees why a lead is hot. */
export const ScoreReason = z.object({ ruleId: z.string(), label: z.string(), points: z.number().int() });

export const Lead = z.object({
  id: Id,
  personName: z.string().nullable(),
  companyName: z.string().nullable(),
  /** What lists show: the company, else the person. */
  displayName: z.string(),
  title: z.string().nullable(),
  mobile: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  wechat: z.string().nullable(),
  source: CustomerSource.nullable(),
  campaign: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  industry: z.string().nullable(),
  needs: z.string().nullable(),
  budget: z.number().int().nullable(),
  currency: z.string(),
  status: LeadStatus,
  disqualifyReason: z.string().nullable(),
  disqualifyNote: z.string().nullable(),
  score: z.number().int(),
  scoreBand: ScoreBand,
  scoreReasons: z.array(ScoreReason),
  ownerId: Id.nullable(),
  ownerName: z.string().nullable(),
  teamId: Id.nullable(),
  /** The routing rule that chose the owner, when a rule did. */
  routedBy: z.string().nullable(),
  formId: Id.nullable(),
  lastActivityAt: IsoDateTime.nullable(),
  convertedAt: IsoDateTime.nullable(),
  convertedCustomerId: Id.nullable(),
  convertedContactId: Id.nullable(),
  convertedOpportunityId: Id.nullable(),
  custom: CustomValues,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Lead = z.infer<typeof Lead>;

export const leadSorts = ['-score', 'score', '-createdAt', 'createdAt', '-updatedAt', 'updatedAt'] as const;
export const LeadSort = z.enum(leadSorts);

export const LeadListQuery = ListQuery.extend({
  q: z.string().trim().max(100).optional(),
  status: LeadStatus.optional(),
  /** Open: new, contacted or qualified. */
  open: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  band: ScoreBand.optional(),
  source: CustomerSource.optional(),
  ownerId: Id.optional(),
  sort: LeadSort.default('-score'),
});

/** Possible duplicates of a lead among leads, customers and contacts. */
export const LeadDuplicate = z.object({
  kind: z.enum(['lead', 'customer', 'contact']),
  /** Null when the record is outside the user's scope: they learn it exists and who owns it. */
  id: Id.nullable(),
  customerId: Id.nullable(),
  name: z.string(),
  ownerName: z.string().nullable(),
  reasons: z.array(z.enum(['name', 'phone', 'email'])),
});
export type LeadDuplicate = z.infer<typeof LeadDuplicate>;
export const LeadDuplicateCheck = z.object({
  personName: OptionalText(100),
  companyName: OptionalText(200),
  mobile: z.string().trim().max(40).nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional(),
  email: z.string().trim().max(254).nullable().optional(),
  excludeId: Id.optional(),
});

// ---- Conversion ----

export const LeadConvert = z.object({
  /** A new customer from the lead, or an existing one (found by duplicates) it belongs to. */
  customer: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('new'), name: z.string().trim().min(1).max(200).optional(), type: z.enum(['company', 'individual']).optional() }),
    z.object({ mode: z.literal('existing'), customerId: Id }),
  ]),
  /** A contact for the lead's person; on by default when the lead names one. */
  createContact: z.boolean().optional(),
  opportunity: z.object({
    name: z.string().trim().min(1).max(200),
    amount: MinorUnits.nullable().optional(),
    expectedCloseDate: z.iso.date().nullable().optional(),
    pipelineId: Id.optional(),
    stageId: Id.optional(),
  }).nullable().optional(),
  version: Version.optional(),
});
export type LeadConvert = z.infer<typeof LeadConvert>;
export const LeadConversion = z.object({
  lead: Lead,
  customerId: Id,
  contactId: Id.nullable(),
  opportunityId: Id.nullable(),
  /** Activities that moved to the customer's timeline. */
  activitiesMoved: z.number().int(),
});

// ---- Scoring ----

/** Lead fields a scoring or routing rule can look at. */
export const leadRuleFields = ['source', 'industry', 'province', 'city', 'campaign', 'budget', 'title', 'companyName', 'email', 'mobile'] as const;
export const LeadRuleField = z.union([z.enum(leadRuleFields), z.string().regex(/^custom\.[a-z][a-z0-9_]{0,39}$/)]);
export const ruleOperators = ['is', 'in', 'contains', 'gte', 'lte', 'filled'] as const;
export const RuleOperator = z.enum(ruleOperators);

export const FieldCondition = z.object({
  field: LeadRuleField,
  op: RuleOperator,
  /** A text, a number (budget in minor units), or a list for `in`; unused for `filled`. */
  value: z.union([z.string().max(200), z.number(), z.array(z.string().max(200)).max(50)]).nullable().optional(),
});
export type FieldCondition = z.infer<typeof FieldCondition>;

const RuleId = z.string().trim().min(1).max(40);
const RuleLabel = z.string().trim().min(1).max(100);

export const ScoringRule = z.discriminatedUnion('kind', [
  z.object({ id: RuleId, label: RuleLabel, kind: z.literal('field'), condition: FieldCondition, points: z.number().int().min(-100).max(100) }),
  z.object({
    id: RuleId,
    label: RuleLabel,
    kind: z.literal('activity'),
    activityKind: z.enum(['call', 'meeting', 'visit', 'email', 'sms', 'wechat', 'note']),
    /** Only activities in this direction (an email reply is an inbound email). */
    direction: z.enum(['inbound', 'outbound']).nullable().optional(),
    /** Points per activity, up to `maxPoints` in all. */
    points: z.number().int().min(-100).max(100),
    maxPoints: z.number().int().min(0).max(100),
  }),
]);
export type ScoringRule = z.infer<typeof ScoringRule>;

export const ScoringSettings = z.object({
  rules: z.array(ScoringRule).max(100),
  /** Points lost per full week without activity, after a grace period. */
  decay: z.object({ graceDays: z.number().int().min(0).max(365), pointsPerWeek: z.number().int().min(0).max(100) }),
  /** A score at or above `hot` is hot, at or above `warm` warm, else cold. */
  bands: z.object({ hot: z.number().int().min(1).max(100), warm: z.number().int().min(0).max(99) }),
  version: z.number().int(),
}).refine((s) => s.bands.warm < s.bands.hot, { path: ['bands', 'warm'], message: 'lead.bands_order' });
export type ScoringSettings = z.infer<typeof ScoringSettings>;
export const ScoringSettingsUpdate = ScoringSettings;

// ---- Routing ----

export const RoutingTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId: Id }),
  /** Members of a team, or the users listed, in turn. */
  z.object({ kind: z.literal('round_robin'), teamId: Id.nullable().optional(), userIds: z.array(Id).max(100).optional() }),
  /** The member with the fewest open leads. */
  z.object({ kind: z.literal('least_loaded'), teamId: Id.nullable().optional(), userIds: z.array(Id).max(100).optional() }),
]);
export type RoutingTarget = z.infer<typeof RoutingTarget>;

export const RoutingRule = z.object({
  id: RuleId,
  name: RuleLabel,
  enabled: z.boolean().default(true),
  /** All must hold; none means every lead. */
  conditions: z.array(FieldCondition).max(20),
  target: RoutingTarget,
});
export type RoutingRule = z.infer<typeof RoutingRule>;

export const RoutingSettings = z.object({
  rules: z.array(RoutingRule).max(100),
  /** Who gets a lead no rule matched, or whose rule had nobody available. */
  fallbackOwnerId: Id.nullable(),
  version: z.number().int(),
});
export type RoutingSettings = z.infer<typeof RoutingSettings>;

export const LeadReroute = z.object({
  leadIds: z.array(Id).min(1).max(500).optional(),
  /** Leads already worked (contacted, or with activities) keep their owner unless this is set. */
  includeWorked: z.boolean().default(false),
});
export const RerouteResult = z.object({ rerouted: z.number().int(), kept: z.number().int() });

// ---- Web-to-lead forms ----

export const leadFormFields = ['personName', 'companyName', 'title', 'mobile', 'phone', 'email', 'wechat', 'province', 'city', 'industry', 'needs'] as const;
export const LeadFormField = z.enum(leadFormFields);
export type LeadFormField = z.infer<typeof LeadFormField>;

export const LeadFormFieldDef = z.object({ field: LeadFormField, required: z.boolean(), label: LocalizedLabel });
export type LeadFormFieldDef = z.infer<typeof LeadFormFieldDef>;

const leadFormBody = {
  name: z.string().trim().min(1).max(100),
  title: LocalizedLabel,
  fields: z.array(LeadFormFieldDef).min(1).max(leadFormFields.length),
  /** Shown beside a consent box the visitor must tick; none means no box. */
  consentText: LocalizedLabel.nullable().optional(),
  thanksText: LocalizedLabel.nullable().optional(),
  campaign: OptionalText(100),
  enabled: z.boolean().optional(),
};
export const LeadFormCreate = z.object(leadFormBody);
export const LeadFormPatch = z.object({ ...leadFormBody, name: leadFormBody.name.optional(), title: leadFormBody.title.optional(), fields: leadFormBody.fields.optional(), version: Version.optional() });

export const LeadForm = z.object({
  id: Id,
  name: z.string(),
  title: LocalizedLabel,
  fields: z.array(LeadFormFieldDef),
  consentText: LocalizedLabel.nullable(),
  thanksText: LocalizedLabel.nullable(),
  campaign: z.string().nullable(),
  enabled: z.boolean(),
  submissionCount: z.number().int(),
  /** The hosted page, and the snippet that embeds it in another site. */
  hostedUrl: z.string(),
  embedSnippet: z.string(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type LeadForm = z.infer<typeof LeadForm>;

/** What an anonymous visitor's browser gets to draw the form. */
export const PublicLeadForm = z.object({
  id: Id,
  title: LocalizedLabel,
  fields: z.array(LeadFormFieldDef),
  consentText: LocalizedLabel.nullable(),
  thanksText: LocalizedLabel.nullable(),
  /** Signed time the form was served; a submission much faster than a person types is refused. */
  token: z.string(),
});

export const LeadFormSubmission = z.object({
  values: z.partialRecord(LeadFormField, z.string().max(5000)),
  consent: z.boolean().optional(),
  token: z.string().max(200),
  /** Left empty by people; bots fill every field. */
  website: z.string().max(500).optional(),
  locale: z.enum(['zh-CN', 'zh-TW', 'en-US']).optional(),
});
export const LeadFormSubmitted = z.object({ ok: z.literal(true), message: z.string() });
