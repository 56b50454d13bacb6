// Activities, tasks, comments, notifications, the customer timeline and the calendar.
import { z } from 'zod';
import { Id, IsoDateTime, ListQuery, Version } from './common.js';

/** A record of any area that an activity, task or comment refers to (opportunity, order, ticket…). */
export const RelatedRef = z.object({
  type: z.string().regex(/^[a-z][a-z_]{1,39}$/),
  id: Id,
});
export type RelatedRef = z.infer<typeof RelatedRef>;

export const NamedRef = z.object({ id: Id, name: z.string() });

export const activityKinds = ['call', 'meeting', 'visit', 'email', 'sms', 'wechat', 'note'] as const;
export const ActivityKind = z.enum(activityKinds);
export type ActivityKind = z.infer<typeof ActivityKind>;
export const activityDirections = ['inbound', 'outbound'] as const;
export const ActivityDirection = z.enum(activityDirections);
export const callOutcomes = ['connected', 'no_answer', 'busy', 'voicemail', 'wrong_number'] as const;
export const CallOutcome = z.enum(callOutcomes);

/** Kinds that take a direction, kinds that take a place and an end, and the one that can be private. */
export const directedKinds: readonly ActivityKind[] = ['call', 'email', 'sms', 'wechat'];
export const scheduledKinds: readonly ActivityKind[] = ['meeting', 'visit'];

const activityFields = {
  subject: z.string().trim().max(200).nullable().optional(),
  body: z.string().trim().max(10_000).nullable().optional(),
  contactId: Id.nullable().optional(),
  related: RelatedRef.nullable().optional(),
  /** When it happened (or starts, for a meeting); now when left out. */
  occurredAt: IsoDateTime.optional(),
  endsAt: IsoDateTime.nullable().optional(),
  direction: ActivityDirection.nullable().optional(),
  durationSeconds: z.number().int().min(0).max(86_400).nullable().optional(),
  outcome: CallOutcome.nullable().optional(),
  location: z.string().trim().max(200).nullable().optional(),
  attendeeIds: z.array(Id).max(50).optional(),
  /** Notes only: visible to their author alone. */
  isPrivate: z.boolean().optional(),
};

/** With a customer, or with a lead that is not a customer yet (customerId left out, related = the lead). */
export const ActivityCreate = z.object({ kind: ActivityKind, customerId: Id.nullable().optional(), ...activityFields });
export type ActivityCreate = z.infer<typeof ActivityCreate>;
export const ActivityPatch = z.object({ ...activityFields, version: Version.optional() });
export type ActivityPatch = z.infer<typeof ActivityPatch>;

export const Activity = z.object({
  id: Id,
  kind: ActivityKind,
  /** Null for an activity with a lead that is not a customer yet (see related). */
  customerId: Id.nullable(),
  customerName: z.string().nullable(),
  contactId: Id.nullable(),
  contactName: z.string().nullable(),
  related: RelatedRef.nullable(),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  occurredAt: IsoDateTime,
  endsAt: IsoDateTime.nullable(),
  direction: ActivityDirection.nullable(),
  durationSeconds: z.number().int().nullable(),
  outcome: CallOutcome.nullable(),
  location: z.string().nullable(),
  attendees: z.array(NamedRef),
  isPrivate: z.boolean(),
  ownerId: Id,
  ownerName: z.string().nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: z.number().int(),
});
export type Activity = z.infer<typeof Activity>;

export const ActivityListQuery = ListQuery.extend({
  customerId: Id.optional(),
  /** The activities of one related record, e.g. a lead (relatedType=lead&relatedId=…). */
  relatedType: RelatedRef.shape.type.optional(),
  relatedId: Id.optional(),
  kind: ActivityKind.optional(),
  ownerId: Id.optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
});

export const taskPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export const TaskPriority = z.enum(taskPriorities);
export const taskStatuses = ['open', 'in_progress', 'done', 'cancelled'] as const;
export const TaskStatus = z.enum(taskStatuses);
export type TaskStatus = z.infer<typeof TaskStatus>;
export const recurrences = ['none', 'daily', 'weekly', 'monthly'] as const;
export const Recurrence = z.enum(recurrences);

export const ChecklistItem = z.object({
  id: z.string().min(1).max(40),
  text: z.string().trim().min(1).max(200),
  done: z.boolean(),
});

const taskFields = {
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(10_000).nullable().optional(),
  /** Who does it; the creator when left out. */
  assigneeId: Id.optional(),
  watcherIds: z.array(Id).max(50).optional(),
  dueAt: IsoDateTime.nullable().optional(),
  priority: TaskPriority.optional(),
  status: TaskStatus.optional(),
  remindAt: IsoDateTime.nullable().optional(),
  /** A done recurring task creates its next occurrence. */
  recurrence: Recurrence.optional(),
  customerId: Id.nullable().optional(),
  related: RelatedRef.nullable().optional(),
  checklist: z.array(ChecklistItem).max(100).optional(),
};

export const TaskCreate = z.object(taskFields);
export type TaskCreate = z.infer<typeof TaskCreate>;
export const TaskPatch = z.object({ ...taskFields, title: taskFields.title.optional(), version: Version.optional() });
export type TaskPatch = z.infer<typeof TaskPatch>;

export const Task = z.object({
  id: Id,
  title: z.string(),
  description: z.string().nullable(),
  assigneeId: Id,
  assigneeName: z.string().nullable(),
  watchers: z.array(NamedRef),
  dueAt: IsoDateTime.nullable(),
  priority: TaskPriority,
  status: TaskStatus,
  completedAt: IsoDateTime.nullable(),
  remindAt: IsoDateTime.nullable(),
  recurrence: Recurrence,
  customerId: Id.nullable(),
  customerName: z.string().nullable(),
  related: RelatedRef.nullable(),
  checklist: z.array(ChecklistItem),
  createdBy: Id.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: z.number().int(),
});
export type Task = z.infer<typeof Task>;

/** My tasks by when they are due, in the user's time zone. */
export const taskBuckets = ['overdue', 'today', 'upcoming', 'done'] as const;
export const TaskBucket = z.enum(taskBuckets);
export type TaskBucket = z.infer<typeof TaskBucket>;

export const TaskListQuery = ListQuery.extend({
  /** mine: assigned to me; team: my team's (managers); watching: tasks I watch. */
  view: z.enum(['mine', 'team', 'watching']).default('mine'),
  bucket: TaskBucket.optional(),
  assigneeId: Id.optional(),
  customerId: Id.optional(),
  /** Due in [from, to): the calendar's window. */
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
});
export type TaskListQuery = z.infer<typeof TaskListQuery>;

export const TaskCounts = z.object({ overdue: z.number().int(), today: z.number().int(), upcoming: z.number().int(), done: z.number().int() });

export const TaskBulkReassign = z.object({ ids: z.array(Id).min(1).max(500), assigneeId: Id });
export const TaskBulkResult = z.object({ updated: z.number().int() });

export const CommentCreate = z.object({
  object: RelatedRef,
  body: z.string().trim().min(1).max(5000),
  /** Users mentioned with @; each is notified. */
  mentionIds: z.array(Id).max(20).optional(),
});
export type CommentCreate = z.infer<typeof CommentCreate>;

export const Comment = z.object({
  id: Id,
  object: RelatedRef,
  body: z.string(),
  mentions: z.array(NamedRef),
  authorId: Id.nullable(),
  authorName: z.string().nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: z.number().int(),
});
export type Comment = z.infer<typeof Comment>;
export const CommentListQuery = ListQuery.extend({ objectType: RelatedRef.shape.type, objectId: Id });

export const notificationKinds = ['mention', 'task_assigned', 'task_reminder', 'follow_up_due', 'lead_assigned', 'opportunity_stage', 'opportunity_won', 'pool_reclaim_warning', 'pool_reclaimed'] as const;
export const NotificationKind = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const Notification = z.object({
  id: Id,
  kind: NotificationKind,
  /** Who caused it (the one who mentioned or assigned), if anyone. */
  actorName: z.string().nullable(),
  /** The record's name as it was: a customer, a task title. */
  title: z.string(),
  /** An excerpt: the comment, the task's due time. */
  body: z.string().nullable(),
  link: RelatedRef,
  /** The customer page the notification opens, when the record belongs to one. */
  customerId: Id.nullable(),
  readAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
});
export type Notification = z.infer<typeof Notification>;
export const NotificationListQuery = ListQuery.extend({ unread: z.enum(['true', 'false']).transform((v) => v === 'true').optional() });
export const UnreadCount = z.object({ unread: z.number().int() });
export const NotificationReadAll = z.object({ read: z.number().int() });

export const NotificationPreferences = z.object({
  /** Per kind: shown in the app, sent by email. */
  kinds: z.record(NotificationKind, z.object({ inApp: z.boolean(), email: z.boolean() })),
  /** The morning email of today's tasks and overdue follow-ups. */
  dailyDigest: z.boolean(),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

/** One entry of a customer's timeline; areas add their own types (order, ticket…) with their own meta. */
export const TimelineItem = z.object({
  type: z.string(),
  id: z.string(),
  at: IsoDateTime,
  actorName: z.string().nullable(),
  /** activity: its kind; change: the audit action; task: its status. */
  kind: z.string().nullable(),
  title: z.string().nullable(),
  body: z.string().nullable(),
  meta: z.record(z.string(), z.unknown()),
});
export type TimelineItem = z.infer<typeof TimelineItem>;
export const TimelineQuery = ListQuery.extend({
  /** Comma-separated item types to show (activity,task,comment,change); all when left out. */
  types: z.string().regex(/^[a-z_]+(,[a-z_]+)*$/).optional(),
});

export const CalendarQuery = z.object({
  from: IsoDateTime,
  to: IsoDateTime,
  /** mine (default) or my team's, for managers. */
  view: z.enum(['mine', 'team']).default('mine'),
});
export const CalendarEvent = z.object({
  type: z.enum(['task', 'activity']),
  id: Id,
  title: z.string(),
  start: IsoDateTime,
  end: IsoDateTime.nullable(),
  ownerName: z.string().nullable(),
  customerId: Id.nullable(),
  customerName: z.string().nullable(),
  /** task: its status; activity: its kind. */
  kind: z.string(),
  version: z.number().int(),
});
export type CalendarEvent = z.infer<typeof CalendarEvent>;
export const CalendarFeed = z.object({ url: z.string().nullable() });
