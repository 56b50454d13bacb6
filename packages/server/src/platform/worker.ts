// The worker loop. Any number of workers may poll the jobs table; a claim is one
// atomic UPDATE (with FOR UPDATE SKIP LOCKED on PostgreSQL), so no job runs twice
// at once, and a job whose worker died is claimed again once its lease has run out.
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Platform } from './context.js';
import { systemCtx } from './context.js';
import { newId } from './crypto.js';
import { fromJson, supportsSkipLocked } from './db/dialect.js';
import { dispatchOutbox } from './events.js';
import { backoffMs, enqueue, handlers, nextCronRun, type JobContext } from './jobs.js';
import { MINUTE } from './clock.js';

interface ClaimedJob {
  id: string;
  kind: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

export class Worker {
  readonly id = `${hostname()}:${process.pid}:${newId().slice(-8)}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly platform: Platform,
    private readonly log: Logger,
    private readonly opts: { batchSize?: number; pollMs?: number; leaseMs?: number } = {},
  ) {}

  start(): void {
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      this.running = this.tick().then(
        () => undefined,
        (err: unknown) => this.log.error({ err }, 'worker tick failed'),
      );
      await this.running;
      if (!this.stopped) this.timer = setTimeout(loop, this.opts.pollMs ?? 1000);
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: turn due schedules and new events into jobs, then claim and run a batch. Returns how many jobs ran. */
  async tick(): Promise<number> {
    await this.fireSchedules();
    await dispatchOutbox(systemCtx(this.platform));
    const jobs = await this.claim();
    for (const job of jobs) await this.runOne(job);
    return jobs.length;
  }

  /** Runs passes until no job is due (tests and the CLI use this). */
  async drain(maxPasses = 100): Promise<void> {
    for (let i = 0; i < maxPasses; i++) if ((await this.tick()) === 0) return;
  }

  private async fireSchedules(): Promise<void> {
    const ctx = systemCtx(this.platform);
    const now = ctx.now();
    const due = await ctx.db.selectFrom('schedules').selectAll().where('nextRunAt', '<=', now).execute();
    for (const s of due) {
      const next = nextCronRun(s.cron, this.platform.clock.now());
      // Compare-and-set on next_run_at: only one worker moves the schedule on and queues the run.
      await ctx.tx(async (tx) => {
        const moved = await tx.db
          .updateTable('schedules')
          .set({ nextRunAt: next, lastRunAt: now })
          .where('name', '=', s.name)
          .where('nextRunAt', '=', s.nextRunAt)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) === 1) {
          await enqueue(tx, s.jobKind, fromJson(s.payload), { uniqueKey: `schedule:${s.name}:${s.nextRunAt}` });
        }
      });
    }
  }

  private async claim(): Promise<ClaimedJob[]> {
    const { db, dialect, clock } = this.platform;
    const now = clock.now();
    const nowIso = now.toISOString();
    const leaseUntil = new Date(now.getTime() + (this.opts.leaseMs ?? 5 * MINUTE)).toISOString();
    let due = db
      .selectFrom('jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('runAt', '<=', nowIso)]),
          eb.and([eb('status', '=', 'running'), eb('leaseUntil', '<', nowIso)]),
        ]),
      )
      .orderBy('runAt')
      .limit(this.opts.batchSize ?? 10);
    if (supportsSkipLocked(dialect)) due = due.forUpdate().skipLocked();
    const rows = await db
      .updateTable('jobs')
      .set((eb) => ({ status: 'running', leaseUntil, lockedBy: this.id, attempts: eb('attempts', '+', 1), updatedAt: nowIso }))
      .where('id', 'in', due)
      .returning(['id', 'kind', 'payload', 'attempts', 'maxAttempts'])
      .execute();
    return rows.map((r) => ({ ...r, payload: fromJson(r.payload) }));
  }

  private async runOne(job: ClaimedJob): Promise<void> {
    const { db, clock } = this.platform;
    const handler = handlers.get(job.kind);
    const ctx = systemCtx(this.platform);
    // Every finishing write checks the lease is still ours, so a worker that
    // stalled past its lease cannot overwrite the outcome of the one that took over.
    const mine = () => db.updateTable('jobs').where('id', '=', job.id).where('lockedBy', '=', this.id);
    try {
      if (!handler) throw new Error(`No handler registered for job kind "${job.kind}"`);
      await handler.run(job.payload as never, {
        ctx,
        jobId: job.id,
        attempt: job.attempts,
        extendLease: async (ms = handler.leaseMs ?? 5 * MINUTE) => {
          await mine().set({ leaseUntil: new Date(clock.now().getTime() + ms).toISOString() }).execute();
        },
      });
      const now = ctx.now();
      await mine().set({ status: 'done', finishedAt: now, updatedAt: now, leaseUntil: null, lastError: null }).execute();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const now = clock.now();
      const giveUp = job.attempts >= job.maxAttempts;
      this.log.warn({ err, jobId: job.id, kind: job.kind, attempt: job.attempts, giveUp }, 'job failed');
      await mine()
        .set({
          status: giveUp ? 'failed' : 'queued',
          runAt: new Date(now.getTime() + backoffMs(job.attempts)).toISOString(),
          leaseUntil: null,
          lastError: message.slice(0, 2000),
          updatedAt: now.toISOString(),
          finishedAt: giveUp ? now.toISOString() : null,
        })
        .execute();
    }
  }
}
