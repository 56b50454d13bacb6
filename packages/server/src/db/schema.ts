// Row types of every table, as Kysely sees them through the CamelCasePlugin.
// Times are ISO 8601 UTC strings on both databases; JSON columns are written as
// strings and read through `fromJson` (SQLite gives text, PostgreSQL objects);
// flags are 0/1 integers so both dialects agree.
import type { ColumnType } from 'kysely';

type Json = ColumnType<unknown, string, string>;
type Time = string;

export interface OrganizationTable {
  id: string;
  name: string;
  defaultLocale: string;
  currency: string;
  timeZone: string;
  createdAt: Time;
  updatedAt: Time;
  version: number;
}

export interface TeamTable {
  id: string;
  name: string;
  parentId: string | null;
  managerId: string | null;
  createdAt: Time;
  updatedAt: Time;
  createdBy: string | null;
  version: number;
}

export interface UserTable {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  passwordHash: string;
  teamId: string | null;
  status: 'active' | 'disabled';
  locale: string | null;
  timeZone: string | null;
  lastLoginAt: Time | null;
  createdAt: Time;
  updatedAt: Time;
  createdBy: string | null;
  version: number;
}

export interface RoleTable {
  id: string;
  key: string | null;
  name: string;
  description: string;
  permissions: Json;
  scopes: Json;
  /** For built-in roles: the defaults last applied, so new defaults can be added without undoing an admin's removals. */
  seededPermissions: Json | null;
  createdAt: Time;
  updatedAt: Time;
  createdBy: string | null;
  version: number;
}

export interface UserRoleTable {
  userId: string;
  roleId: string;
}

export interface SessionTable {
  id: string;
  tokenHash: string;
  userId: string;
  csrfToken: string;
  createdAt: Time;
  lastSeenAt: Time;
  expiresAt: Time;
  ip: string | null;
  userAgent: string | null;
  revokedAt: Time | null;
}

export interface ApiKeyTable {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  keyHash: string;
  scopes: Json;
  createdAt: Time;
  createdBy: string | null;
  lastUsedAt: Time | null;
  revokedAt: Time | null;
}

export interface AuditEventTable {
  id: string;
  at: Time;
  actorId: string | null;
  actorName: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  changes: Json | null;
  meta: Json | null;
  ip: string | null;
  requestId: string | null;
  /** The record a change belongs to (a contact's customer), for a record's full history. */
  rootId: string | null;
}

export interface OutboxTable {
  id: string;
  type: string;
  payload: Json;
  createdAt: Time;
  dispatchedAt: Time | null;
}

export interface JobTable {
  id: string;
  kind: string;
  payload: Json;
  status: 'queued' | 'running' | 'done' | 'failed';
  runAt: Time;
  attempts: number;
  maxAttempts: number;
  leaseUntil: Time | null;
  lockedBy: string | null;
  lastError: string | null;
  uniqueKey: string | null;
  createdAt: Time;
  updatedAt: Time;
  finishedAt: Time | null;
}

export interface ScheduleTable {
  name: string;
  cron: string;
  jobKind: string;
  payload: Json;
  nextRunAt: Time;
  lastRunAt: Time | null;
}

export interface ThrottleTable {
  key: string;
  failures: number;
  windowStart: Time;
  blockedUntil: Time | null;
}

export interface IdempotencyKeyTable {
  userId: string;
  key: string;
  method: string;
  path: string;
  statusCode: number | null;
  response: string | null;
  createdAt: Time;
}


export interface CustomerTable {
  id: string;
  type: 'company' | 'individual';
  name: string;
  shortName: string | null;
  creditCode: string | null;
  industry: string | null;
  country: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  address: string | null;
  phones: Json;
  emails: Json;
  website: string | null;
  wechat: string | null;
  source: string | null;
  grade: string | null;
  stage: string;
  status: 'active' | 'inactive';
  tags: Json;
  ownerId: string | null;
  teamId: string | null;
  /** The pool (公海) it waits in without an owner, or returns to. */
  poolId: ColumnType<string | null, string | null | undefined, string | null>;
  poolEnteredAt: ColumnType<Time | null, Time | null | undefined, Time | null>;
  /** When the current owner got it; null on older rows, read as createdAt. */
  ownedAt: ColumnType<Time | null, Time | null | undefined, Time | null>;
  nextFollowUpAt: Time | null;
  description: string | null;
  /** Encrypted (platform/crypto encryptField). */
  idNumber: string | null;
  /** Encrypted (platform/crypto encryptField). */
  bankAccount: string | null;
  /** Lower-cased names, pinyin, initials, phone digits, emails and codes, for substring search. */
  searchText: string;
  /** Words of the search index (platform/text searchTerms), written with searchText. */
  searchTerms: string;
  custom: Json;
  createdAt: Time;
  updatedAt: Time;
  createdBy: string | null;
  version: number;
  deletedAt: Time | null;
  /** Set when the record was merged into another customer (and soft-deleted). */
  mergedIntoId?: string | null;
}

export interface ContactTable {
  id: string;
  customerId: string;
  name: string;
  title: string | null;
  department: string | null;
  phones: Json;
  emails: Json;
  wechat: string | null;
  birthday: string | null;
  decisionRole: string | null;
  isPrimary: number;
  preferredChannel: string | null;
  notes: string | null;
  /** Written as JSON text; has a default, so inserts may leave it out. */
  consents: ColumnType<unknown, string | undefined, string>;
  searchText: string;
  /** Words of the search index (platform/text searchTerms), written with searchText. */
  searchTerms: string;
  custom: Json;
  createdAt: Time;
  updatedAt: Time;
  createdBy: string | null;
  version: number;
  deletedAt: Time | null;
}

export interface CustomerMatchKeyTable {
  kind: 'name' | 'phone' | 'email' | 'credit_code';
  value: string;
  customerId: string;
}

export interface CustomFieldTable {
  id: string;
  object: 'customer' | 'contact' | 'opportunity' | 'lead';
  key: string;
  label: Json;
  type: string;
  options: Json;
  required: number;
  position: number;
  archivedAt: Time | null;
  createdAt: Time;
  updatedAt: Time;
  createdBy: string | null;
  version: number;
}

export interface FileTable {
  id: string;
  name: string;
  contentType: string;
  size: number;
  /** 'partial' while chunks are being written, then 'complete'. */
  status: 'partial' | 'complete';
  createdBy: string | null;
  createdAt: Time;
  expiresAt: Time | null;
}

export interface FileChunkTable {
  fileId: string;
  seq: number;
  data: Buffer;
}

export interface ImportTable {
  id: string;
  object: string;
  status: string;
  fileId: string | null;
  fileName: string;
  format: string;
  encoding: string | null;
  headers: Json;
  totalRows: number;
  mapping: Json | null;
  duplicateMode: string | null;
  processed: number;
  createdCount: number;
  updatedCount: number;
  skippedCount: number;
  rejectedCount: number;
  /** Records an undo left alone because someone changed them after the import. */
  undoKept: number;
  error: string | null;
  startedAt: Time | null;
  finishedAt: Time | null;
  undoneAt: Time | null;
  createdBy: string;
  createdAt: Time;
  updatedAt: Time;
  version: number;
}

export interface ImportRowTable {
  importId: string;
  rowNo: number;
  outcome: 'created' | 'updated' | 'skipped' | 'rejected';
  recordId: string | null;
  /** The record's version right after the import wrote it, so undo can tell later edits apart. */
  recordVersion: number | null;
  reasons: Json | null;
  raw: Json | null;
  before: Json | null;
}

export interface ImportMappingTable {
  id: string;
  object: string;
  name: string;
  columns: Json;
  createdBy: string;
  createdAt: Time;
  updatedAt: Time;
  version: number;
}

export interface DuplicateClusterTable {
  id: string;
  customerIds: Json;
  reasons: Json;
  size: number;
  computedAt: Time;
}

export interface SavedViewTable {
  id: string;
  object: string;
  name: string;
  shared: number;
  ownerId: string;
  query: Json;
  columns: Json;
  createdAt: Time;
  updatedAt: Time;
  createdBy: string | null;
  version: number;
}

export interface ExportTable {
  id: string;
  object: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  format: string;
  query: Json;
  fileId: string | null;
  fileName: string | null;
  totalRows: number;
  processed: number;
  error: string | null;
  createdBy: string;
  createdAt: Time;
  finishedAt: Time | null;
}

export interface PicklistTable {
  field: string;
  options: Json;
  updatedAt: Time;
  version: number;
}

export interface CustomerPoolTable {
  id: string;
  name: string;
  teamId: string | null;
  isDefault: number;
  enabled: number;
  followUpDays: number | null;
  wonDealDays: number | null;
  warnDays: number;
  maxOwned: number | null;
  claimCooldownDays: number;
  createdAt: Time;
  updatedAt: Time;
  createdBy: string | null;
  version: number;
  deletedAt: Time | null;
}

export interface CustomerPoolMoveTable {
  id: string;
  customerId: string;
  poolId: string;
  kind: 'claim' | 'release' | 'reclaim' | 'assign';
  actorId: string | null;
  ownerId: string | null;
  rule: 'follow_up' | 'won_deal' | null;
  reason: string | null;
  at: Time;
}

export interface CustomerPoolWarningTable {
  customerId: string;
  ownerId: string;
  dueAt: Time;
  rule: 'follow_up' | 'won_deal';
  warnedAt: Time;
}

export interface ActivityTable {
  id: string;
  kind: string;
  /** Null for an activity with a lead (related_type 'lead') that is not a customer yet. */
  customerId: string | null;
  contactId: string | null;
  relatedType: string | null;
  relatedId: string | null;
  subject: string | null;
  body: string | null;
  occurredAt: Time;
  endsAt: Time | null;
  direction: string | null;
  durationSeconds: number | null;
  outcome: string | null;
  location: string | null;
  isPrivate: number;
  ownerId: string;
  teamId: string | null;
  createdAt: Time;
  updatedAt: Time;
  createdBy: string | null;
  version: number;
  deletedAt: Time | null;
}

export interface ActivityAttendeeTable {
  activityId: string;
  userId: string;
}

export interface TaskTable {
  id: string;
  title: string;
  description: string | null;
  assigneeId: string;
  teamId: string | null;
  dueAt: Time | null;
  priority: string;
  status: string;
  completedAt: Time | null;
  remindAt: Time | null;
  /** Set when the reminder fired, so it never fires twice. */
  remindedAt: Time | null;
  recurrence: string;
  customerId: string | null;
  relatedType: string | null;
  relatedId: string | null;
  checklist: Json;
  createdAt: Time;
  updatedAt: Time;
  createdBy: string | null;
  version: number;
  deletedAt: Time | null;
}

export interface TaskWatcherTable {
  taskId: string;
  userId: string;
}

export interface CommentTable {
  id: string;
  objectType: string;
  objectId: string;
  /** The customer whose timeline shows the comment, if any. */
  customerId: string | null;
  body: string;
  mentions: Json;
  authorId: string | null;
  createdAt: Time;
  updatedAt: Time;
  createdBy: string | null;
  version: number;
  deletedAt: Time | null;
}

export interface NotificationTable {
  id: string;
  userId: string;
  kind: string;
  actorName: string | null;
  title: string;
  body: string | null;
  linkType: string;
  linkId: string;
  customerId: string | null;
  readAt: Time | null;
  createdAt: Time;
}

export interface NotificationPreferenceTable {
  userId: string;
  settings: Json;
  updatedAt: Time;
}

export interface CalendarFeedTable {
  userId: string;
  /** SHA-256 of the feed token, to find the feed by its URL. */
  tokenHash: string;
  /** Encrypted (platform/crypto encryptField), to show the URL again. */
  token: string;
  createdAt: Time;
}

export interface PipelineTable {
  id: string;
  name: string;
  isDefault: number;
  archived: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  version: number;
}

export interface PipelineStageTable {
  id: string;
  pipelineId: string;
  position: number;
  name: Json;
  kind: string;
  probability: number;
  requiredFields: Json;
  requiredCustomFields: Json;
}

export interface OpportunityTable {
  id: string;
  name: string;
  customerId: string;
  amount: number | null;
  currency: string;
  expectedCloseDate: string | null;
  pipelineId: string;
  stageId: string;
  probability: number;
  probabilityOverridden: number;
  forecastCategory: string;
  status: string;
  needs: string | null;
  budget: number | null;
  decisionProcess: string | null;
  decisionTimeline: string | null;
  competitors: Json;
  nextStep: string | null;
  closeReason: string | null;
  closeCompetitor: string | null;
  closeNote: string | null;
  closedAt: string | null;
  stageEnteredAt: string;
  searchText: string;
  ownerId: string;
  teamId: string | null;
  custom: Json;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  version: number;
  deletedAt: string | null;
}

export interface OpportunityContactTable {
  opportunityId: string;
  contactId: string;
  role: string;
  position: number;
}

export interface OpportunityWatcherTable {
  opportunityId: string;
  userId: string;
  createdAt: string;
}

export interface OpportunityStageHistoryTable {
  id: string;
  opportunityId: string;
  stageId: string;
  enteredAt: string;
  leftAt: string | null;
  actorId: string | null;
}

export interface LeadTable {
  id: string;
  personName: string | null;
  companyName: string | null;
  title: string | null;
  mobile: string | null;
  mobileE164: string | null;
  phone: string | null;
  phoneE164: string | null;
  email: string | null;
  wechat: string | null;
  source: string | null;
  campaign: string | null;
  province: string | null;
  city: string | null;
  industry: string | null;
  needs: string | null;
  budget: number | null;
  currency: string;
  status: string;
  disqualifyReason: string | null;
  disqualifyNote: string | null;
  score: number;
  scoreBand: string;
  scoreReasons: Json;
  ownerId: string | null;
  teamId: string | null;
  routedBy: string | null;
  formId: string | null;
  consentAt: string | null;
  lastActivityAt: string | null;
  convertedAt: string | null;
  convertedCustomerId: string | null;
  convertedContactId: string | null;
  convertedOpportunityId: string | null;
  searchText: string;
  custom: Json;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  version: number;
  deletedAt: string | null;
}

export interface LeadMatchKeyTable {
  leadId: string;
  kind: string;
  value: string;
}

export interface ContactMatchKeyTable {
  contactId: string;
  kind: string;
  value: string;
}

export interface SalesSettingTable {
  key: string;
  value: Json;
  updatedAt: string;
  updatedBy: string | null;
  version: number;
}

export interface LeadRoutingTurnTable {
  ruleId: string;
  lastUserId: string;
  updatedAt: string;
}

export interface LeadFormTable {
  id: string;
  name: string;
  title: Json;
  fields: Json;
  consentText: Json | null;
  thanksText: Json | null;
  campaign: string | null;
  enabled: number;
  submissionCount: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  version: number;
  deletedAt: string | null;
}

export interface QuotaTable {
  id: string;
  /** 'user' or 'team'. */
  ownerKind: string;
  ownerId: string;
  /** 'month', 'quarter' or 'year'. */
  periodKind: string;
  /** First day of the period, YYYY-MM-DD. */
  periodStart: string;
  amount: number;
  currency: string;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  version: number;
}

/** Append-only: the latest row of a target and period counts, the earlier ones are its history. */
export interface ForecastAdjustmentTable {
  id: string;
  targetKind: string;
  targetId: string;
  periodKind: string;
  periodStart: string;
  commitAmount: number;
  bestCaseAmount: number;
  currency: string;
  note: string | null;
  actorId: string | null;
  createdAt: string;
}

export interface DB {
  customerPools: CustomerPoolTable;
  customerPoolMoves: CustomerPoolMoveTable;
  customerPoolWarnings: CustomerPoolWarningTable;
  quotas: QuotaTable;
  forecastAdjustments: ForecastAdjustmentTable;
  leads: LeadTable;
  leadMatchKeys: LeadMatchKeyTable;
  contactMatchKeys: ContactMatchKeyTable;
  salesSettings: SalesSettingTable;
  leadRoutingTurns: LeadRoutingTurnTable;
  leadForms: LeadFormTable;
  pipelines: PipelineTable;
  pipelineStages: PipelineStageTable;
  opportunities: OpportunityTable;
  opportunityContacts: OpportunityContactTable;
  opportunityStageHistory: OpportunityStageHistoryTable;
  opportunityWatchers: OpportunityWatcherTable;
  activities: ActivityTable;
  activityAttendees: ActivityAttendeeTable;
  tasks: TaskTable;
  taskWatchers: TaskWatcherTable;
  comments: CommentTable;
  notifications: NotificationTable;
  notificationPreferences: NotificationPreferenceTable;
  calendarFeeds: CalendarFeedTable;
  picklists: PicklistTable;
  exports: ExportTable;
  savedViews: SavedViewTable;
  duplicateClusters: DuplicateClusterTable;
  files: FileTable;
  fileChunks: FileChunkTable;
  imports: ImportTable;
  importRows: ImportRowTable;
  importMappings: ImportMappingTable;
  customFields: CustomFieldTable;
  customerMatchKeys: CustomerMatchKeyTable;
  customers: CustomerTable;
  contacts: ContactTable;
  organization: OrganizationTable;
  teams: TeamTable;
  users: UserTable;
  roles: RoleTable;
  userRoles: UserRoleTable;
  sessions: SessionTable;
  apiKeys: ApiKeyTable;
  auditEvents: AuditEventTable;
  outbox: OutboxTable;
  jobs: JobTable;
  schedules: ScheduleTable;
  throttles: ThrottleTable;
  idempotencyKeys: IdempotencyKeyTable;
}
