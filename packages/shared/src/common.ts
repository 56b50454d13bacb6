// Building blocks every area's contract uses: ids, times, pages, problems.
import { z } from 'zod';

export const locales = ['zh-CN', 'zh-TW', 'en-US'] as const;
export const Locale = z.enum(locales);
export type Locale = z.infer<typeof Locale>;

export const Id = z.uuid();
export const IdParams = z.object({ id: Id });
export const IsoDateTime = z.iso.datetime({ offset: true });

/** A record's optimistic-lock version, sent back on PATCH (or as If-Match). */
export const Version = z.number().int().min(1);

export const TimeZone = z.string().min(1).max(64).refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'time_zone' },
);

export const Currency = z.string().regex(/^[A-Z]{3}$/, 'currency');

/** Query of every list endpoint: keyset pagination, never OFFSET. */
export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export function Page<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

/** RFC 9457 problem details, as every error answers. */
export const FieldError = z.object({ path: z.string(), code: z.string(), message: z.string() });
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(FieldError).optional(),
});
export type Problem = z.infer<typeof Problem>;

/** What the audit log shows instead of a secret or personal value that changed. */
export const REDACTED = '[redacted]';

/** Operators of list conditions: every list filters with the same few. */
export const conditionOps = ['is', 'is_not', 'contains', 'gte', 'lte', 'empty', 'not_empty'] as const;
export const ConditionOp = z.enum(conditionOps);

export const ListCondition = z.object({
  /** A field of the list's object, or `custom.<key>`. */
  field: z.string().max(60).regex(/^(custom\.)?[a-zA-Z_][a-zA-Z0-9_]*$/, 'format'),
  op: ConditionOp,
  value: z.union([z.string().max(200), z.number(), z.boolean()]).nullable().optional(),
});
export type ListCondition = z.infer<typeof ListCondition>;

function parseJsonParam(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Conditions in a query string: a JSON array, ANDed. */
export const ListConditions = z.preprocess(parseJsonParam, z.array(ListCondition).max(20));
