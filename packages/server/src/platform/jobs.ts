// The job queue: a table of due work with attempts, exponential backoff, leases and
// cron schedules. Workers (worker.ts) poll it.
import { CronExpressionParser } from 'cron-parser';
import type { Ctx } from './context.js';
import { newId } from './crypto.js';
import { toJson } from './db/dialect.js';
import { MINUTE } from './clock.js';

export interface JobContext {
  ctx: Ctx;
  jobId: string;
  attempt: number;
  /** Long jobs call this to keep their lease. */
  extendLease(ms?: number): Promise<void>;
}

export interface JobHandler<P = unknown> {
  run(payload: P, job: JobContext): Promise<void>;
  maxAttempts?: number;
  leaseMs?: number;
}

export const handlers = new Map<string, JobHandler<never>>();

export function registerJob<P>(kind: string, handler: JobHandler<P>): void {
  handlers.set(kind, handler as JobHandler<never>);
}

export interface EnqueueOptions {
  runAt?: Date | string;
  maxAttempts?: number;
  /** A job with the same unique key is not queued twice. */
  uniqueKey?: string;
}

/** Queues a job in the caller's transaction, so it exists only if the change commits. */
export async function enqueue(ctx: Ctx, kind: string, payload: unknown, opts: EnqueueOptions = {}): Promise<string> {
  const now = ctx.now();
  const id = newId();
  const query = ctx.db.insertInto('jobs').values({
    id,
    kind,
    payload: toJson(payload),
    status: 'queued',
    runAt: opts.runAt ? new Date(opts.runAt).toISOString() : now,
    attempts: 0,
    maxAttempts: opts.maxAttempts ?? handlers.get(kind)?.maxAttempts ?? 5,
    leaseUntil: null,
    lockedBy: null,
    lastError: null,
    uniqueKey: opts.uniqueKey ?? null,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  });
  await (opts.uniqueKey ? query.onConflict((oc) => oc.column('uniqueKey').doNothing()) : query).execute();
  return id;
}

/** Registers or updates a cron schedule; due runs become jobs of jobKind. */
export async function upsertSchedule(ctx: Ctx, name: string, cron: string, jobKind: string, payload: unknown = {}): Promise<void> {
  const next = nextCronRun(cron, ctx.platform.clock.now());
  await ctx.db
    .insertInto('schedules')
    .values({ name, cron, jobKind, payload: toJson(payload), nextRunAt: next, lastRunAt: null })
    .onConflict((oc) => oc.column('name').doUpdateSet({ cron, jobKind, payload: toJson(payload) }))
    .execute();
}

export function nextCronRun(cron: string, after: Date): string {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: 'UTC' }).next().toDate().toISOString();
}

export function backoffMs(attempt: number): number {
  return Math.min(2 ** attempt * 1000, 60 * MINUTE);
}
