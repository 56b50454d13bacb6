// Contract of the customers area: customers (companies and individuals) and their contacts.
import { z } from 'zod';
import { Id, IsoDateTime, ListConditions, ListQuery, Version } from './common.js';
import { CustomValues } from './custom-fields.js';

/** 统一社会信用代码 (GB 32100-2015): 18 characters, the last a checksum over the first 17. */
const creditCodeChars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const creditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += creditCodeChars.indexOf(code[i]!) * creditCodeWeights[i]!;
  const check = (31 - (sum % 31)) % 31;
  return creditCodeChars[check] === code[17];
}

export const customerTypes = ['company', 'individual'] as const;
export const CustomerType = z.enum(customerTypes);

export const customerSources = ['web_form', 'phone', 'social_media', 'event', 'referral', 'advertising', 'import', 'api', 'other'] as const;
export const CustomerSource = z.enum(customerSources);

export const customerGrades = ['A', 'B', 'C', 'D'] as const;
export const CustomerGrade = z.enum(customerGrades);

/** Default lifecycle stages; organizations may add their own keys. */
export const defaultLifecycleStages = ['prospect', 'customer', 'repeat_customer', 'churned'] as const;
export const LifecycleStage = z.string().trim().min(1).max(40).regex(/^[a-z0-9_]+$/, 'stage.key');

export const customerStatuses = ['active', 'inactive'] as const;
export const CustomerStatus = z.enum(customerStatuses);

/** Top-level sections of China's national industry classification (GB/T 4754-2017), A–T. */
export const industrySections = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T'] as const;
export const Industry = z.string().trim().min(1).max(40);

const Text = (max: number) => z.string().trim().max(max);
const OptionalText = (max: number) => Text(max).nullable().optional();

export const PhoneInput = z.string().trim().min(3).max(40).regex(/^[+0-9 ()\-–转#*,;x]+$/, 'phone.invalid');
export const EmailInput = z.string().trim().max(254).pipe(z.email()).transform((e) => e.toLowerCase());
const CreditCode = z
  .string()
  .trim()
  .transform((c) => c.toUpperCase())
  .refine(isValidCreditCode, { message: 'credit_code.invalid' });
const Tag = z.string().trim().min(1).max(30);

/** A phone as typed and as normalized (E.164, default region CN) when it could be. */
export const Phone = z.object({ number: z.string(), e164: z.string().nullable() });

export const Customer = z.object({
  id: Id,
  type: CustomerType,
  name: z.string(),
  shortName: z.string().nullable(),
  creditCode: z.string().nullable(),
  industry: z.string().nullable(),
  country: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  address: z.string().nullable(),
  phones: z.array(Phone),
  emails: z.array(z.string()),
  website: z.string().nullable(),
  wechat: z.string().nullable(),
  source: CustomerSource.nullable(),
  grade: CustomerGrade.nullable(),
  stage: z.string(),
  status: CustomerStatus,
  tags: z.array(z.string()),
  ownerId: Id.nullable(),
  ownerName: z.string().nullable(),
  teamId: Id.nullable(),
  /** The shared pool (公海) the customer returns to, or waits in while it has no owner. */
  poolId: Id.nullable(),
  /** When it last entered its pool; null while someone owns it. */
  poolEnteredAt: IsoDateTime.nullable(),
  nextFollowUpAt: IsoDateTime.nullable(),
  description: z.string().nullable(),
  /** Sensitive: encrypted at rest, masked without pii:read. */
  idNumber: z.string().nullable(),
  bankAccount: z.string().nullable(),
  contactCount: z.number().int(),
  custom: CustomValues,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Customer = z.infer<typeof Customer>;

const customerFields = {
  name: z.string().trim().min(1).max(200),
  shortName: OptionalText(60),
  creditCode: CreditCode.nullable().optional(),
  industry: Industry.nullable().optional(),
  country: OptionalText(60),
  province: OptionalText(60),
  city: OptionalText(60),
  district: OptionalText(60),
  address: OptionalText(300),
  phones: z.array(PhoneInput).max(10).optional(),
  emails: z.array(EmailInput).max(10).optional(),
  website: OptionalText(300),
  wechat: OptionalText(60),
  source: CustomerSource.nullable().optional(),
  grade: CustomerGrade.nullable().optional(),
  stage: LifecycleStage.optional(),
  status: CustomerStatus.optional(),
  tags: z.array(Tag).max(30).optional(),
  ownerId: Id.nullable().optional(),
  nextFollowUpAt: IsoDateTime.nullable().optional(),
  description: OptionalText(5000),
  idNumber: OptionalText(40),
  bankAccount: OptionalText(60),
  /** Values of custom fields by key; checked against their definitions on every write. */
  custom: CustomValues.optional(),
};

export const CustomerCreate = z.object({
  type: CustomerType,
  ...customerFields,
  /**
   * 撞单: a customer another rep owns is not created again, unless someone who may assign
   * customers (customers:assign) sets this to create it anyway, for the owner in ownerId.
   */
  overrideOwnership: z.boolean().optional(),
});
export const CustomerPatch = z.object({ ...customerFields, name: customerFields.name.optional(), version: Version.optional() });

export const customerSorts = ['-updatedAt', 'updatedAt', 'name', '-name', '-createdAt', 'createdAt'] as const;
/** Sort by a custom field: `custom.<key>` ascending, `-custom.<key>` descending. */
export const CustomSort = z.string().max(50).regex(/^-?custom\.[a-z][a-z0-9_]*$/);

/** Fields a customer list can be filtered on, besides custom fields. */
export const customerConditionFields = [
  'name', 'shortName', 'type', 'creditCode', 'industry', 'country', 'province', 'city', 'district', 'address', 'website',
  'wechat', 'source', 'grade', 'stage', 'status', 'ownerId', 'teamId', 'tags', 'emails', 'nextFollowUpAt', 'description',
  'createdAt', 'updatedAt',
] as const;

export const CustomerListQuery = ListQuery.extend({
  q: z.string().trim().max(100).optional(),
  type: CustomerType.optional(),
  grade: CustomerGrade.optional(),
  stage: LifecycleStage.optional(),
  source: CustomerSource.optional(),
  status: CustomerStatus.optional(),
  ownerId: Id.optional(),
  tag: Tag.optional(),
  industry: Industry.optional(),
  province: z.string().trim().max(60).optional(),
  /** Further conditions, on any field including custom ones. */
  where: ListConditions.optional(),
  sort: z.union([z.enum(customerSorts), CustomSort]).default('-updatedAt'),
});

export const decisionRoles = ['decision_maker', 'influencer', 'user', 'other'] as const;
export const DecisionRole = z.enum(decisionRoles);
export const contactChannels = ['phone', 'email', 'wechat', 'sms', 'visit'] as const;
export const ContactChannel = z.enum(contactChannels);

/** Channels a contact may agree to be marketed through (营销许可), and where the agreement came from. */
export const consentChannels = ['email', 'sms', 'phone', 'wechat'] as const;
export const consentSources = ['manual', 'web_form', 'event', 'import', 'phone', 'email', 'other'] as const;

export const ConsentInput = z.object({ channel: z.enum(consentChannels), granted: z.boolean(), source: z.enum(consentSources).default('manual') });
/** A consent as recorded: `at` is when it last changed, stamped by the server. */
export const Consent = ConsentInput.extend({ at: IsoDateTime });
export type Consent = z.infer<typeof Consent>;

const Consents = z
  .array(ConsentInput)
  .max(consentChannels.length)
  .refine((list) => new Set(list.map((c) => c.channel)).size === list.length, { message: 'consent.channel_twice' });

export const Contact = z.object({
  id: Id,
  customerId: Id,
  name: z.string(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  phones: z.array(Phone),
  emails: z.array(z.string()),
  wechat: z.string().nullable(),
  birthday: z.string().nullable(),
  decisionRole: DecisionRole.nullable(),
  isPrimary: z.boolean(),
  preferredChannel: ContactChannel.nullable(),
  notes: z.string().nullable(),
  consents: z.array(Consent),
  custom: CustomValues,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Contact = z.infer<typeof Contact>;

const contactFields = {
  name: z.string().trim().min(1).max(100),
  title: OptionalText(100),
  department: OptionalText(100),
  phones: z.array(PhoneInput).max(10).optional(),
  emails: z.array(EmailInput).max(10).optional(),
  wechat: OptionalText(60),
  birthday: z.iso.date().nullable().optional(),
  decisionRole: DecisionRole.nullable().optional(),
  isPrimary: z.boolean().optional(),
  preferredChannel: ContactChannel.nullable().optional(),
  notes: OptionalText(5000),
  /** The full list of consents; a channel left out has none recorded. */
  consents: Consents.optional(),
  custom: CustomValues.optional(),
};

export const ContactCreate = z.object({ customerId: Id, ...contactFields });
export const ContactPatch = z.object({ ...contactFields, name: contactFields.name.optional(), version: Version.optional() });
export const ContactListQuery = ListQuery.extend({ customerId: Id.optional(), q: z.string().trim().max(100).optional() });

/** The fields a new or edited customer is checked against the base by. */
export const DuplicateCheck = z.object({
  name: z.string().trim().min(1).max(200),
  phones: z.array(z.string().trim().max(40)).max(10).optional(),
  emails: z.array(z.string().trim().max(254)).max(10).optional(),
  creditCode: z.string().trim().max(18).nullable().optional(),
  /** The customer being edited, which is not its own duplicate. */
  excludeId: Id.optional(),
});

export const DuplicateMatch = z.object({
  /** Null when the match is outside the user's record scope: they learn it exists and who owns it, nothing more. */
  id: Id.nullable(),
  name: z.string(),
  ownerName: z.string().nullable(),
  reasons: z.array(z.enum(['name', 'phone', 'email', 'credit_code'])),
  /** Present when the match waits without an owner in a pool the user may claim from: claim it instead. */
  poolId: Id.optional(),
});
export type DuplicateMatch = z.infer<typeof DuplicateMatch>;

export const customerExportColumns = [
  'name', 'type', 'shortName', 'creditCode', 'grade', 'stage', 'status', 'source', 'industry', 'province', 'city', 'district',
  'address', 'phones', 'emails', 'website', 'wechat', 'tags', 'ownerName', 'nextFollowUpAt', 'idNumber', 'bankAccount',
  'description', 'createdAt', 'updatedAt',
] as const;

/** The list's filters and sort, a format, and optionally the columns to include. */
export const CustomerExportQuery = CustomerListQuery.omit({ limit: true, cursor: true }).extend({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  columns: z
    .preprocess(
      (v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v),
      z.array(z.union([z.enum(customerExportColumns), z.string().max(50).regex(/^custom\.[a-z][a-z0-9_]*$/)])).max(50),
    )
    .optional(),
});

/** One change applied to many customers; each record succeeds or fails on its own. */
export const CustomerBulkAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign_owner'), ids: z.array(Id).min(1).max(500), ownerId: Id }),
  z.object({ action: z.literal('add_tag'), ids: z.array(Id).min(1).max(500), tag: Tag }),
  z.object({ action: z.literal('remove_tag'), ids: z.array(Id).min(1).max(500), tag: Tag }),
  z.object({ action: z.literal('set_grade'), ids: z.array(Id).min(1).max(500), grade: CustomerGrade.nullable() }),
  z.object({ action: z.literal('set_stage'), ids: z.array(Id).min(1).max(500), stage: LifecycleStage }),
  z.object({ action: z.literal('delete'), ids: z.array(Id).min(1).max(500) }),
]);

export const CustomerBulkResult = z.object({
  succeeded: z.array(Id),
  failed: z.array(z.object({ id: Id, code: z.string(), message: z.string() })),
});

export const CustomerCount = z.object({ count: z.number().int() });

/** Merging a duplicate into the customer that stays: the values chosen field by field, and both versions. */
export const CustomerMerge = z.object({
  survivorId: Id,
  duplicateId: Id,
  survivorVersion: Version,
  duplicateVersion: Version,
  /** The survivor's fields after the merge; fields left out keep the survivor's value. */
  values: CustomerPatch.omit({ version: true }),
});

export const CustomerMergeResult = z.object({ customer: Customer, movedContacts: z.number().int() });

/** Customers the duplicate job grouped together, as the user may see them. */
export const DuplicateCluster = z.object({
  id: z.string(),
  reasons: z.array(z.enum(['name', 'phone', 'email', 'credit_code'])),
  customers: z.array(Customer),
});
export type DuplicateCluster = z.infer<typeof DuplicateCluster>;

export const DuplicateClusterPage = z.object({
  data: z.array(DuplicateCluster),
  nextCursor: z.string().nullable(),
  /** When the job last looked at the whole base; null before its first run. */
  computedAt: IsoDateTime.nullable(),
});

/** A large export running in the background; the file is downloadable for 7 days once done. */
export const ExportJob = z.object({
  id: Id,
  status: z.enum(['queued', 'running', 'done', 'failed']),
  format: z.enum(['csv', 'xlsx']),
  fileName: z.string().nullable(),
  totalRows: z.number().int(),
  processed: z.number().int(),
  error: z.string().nullable(),
  createdAt: IsoDateTime,
  finishedAt: IsoDateTime.nullable(),
});
export type ExportJob = z.infer<typeof ExportJob>;
