import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { dialects, PG_URL, testApp, testDatabase, type TestApp } from '../test/harness.js';
import { boot } from './boot.js';
import { ManualClock, MINUTE } from './clock.js';
import { systemCtx } from './context.js';
import { emit, subscribe } from './events.js';
import { enqueue, registerJob, upsertSchedule } from './jobs.js';
import { Worker } from './worker.js';

const silent = pino({ level: 'silent' });
const runs = new Map<string, number>();
let failuresLeft = 0;

registerJob<{ tag: string }>('test.record', {
  async run({ tag }) {
    runs.set(tag, (runs.get(tag) ?? 0) + 1);
  },
});
registerJob<{ tag: string }>('test.flaky', {
  maxAttempts: 3,
  async run({ tag }) {
    runs.set(tag, (runs.get(tag) ?? 0) + 1);
    if (failuresLeft-- > 0) throw new Error('temporary outage');
  },
});
registerJob<{ tag: string }>('test.slow', {
  async run({ tag }) {
    runs.set(tag, (runs.get(tag) ?? 0) + 1);
    await new Promise((r) => setTimeout(r, Math.random() * 3));
  },
});
const delivered: string[] = [];
subscribe('test.audit-trail', 'test.*', async (_ctx, event) => {
  delivered.push(`${event.type}:${String(event.payload.n)}`);
});

async function jobRow(t: TestApp, id: string) {
  return t.platform.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe.each(dialects())('jobs and events on %s', (dialect) => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });

  it('runs a due job once, and not before its time', async () => {
    t = await testApp(dialect);
    const ctx = systemCtx(t.platform);
    const id = await enqueue(ctx, 'test.record', { tag: `later-${dialect}` }, { runAt: new Date(t.clock.now().getTime() + 10 * MINUTE) });
    await t.worker.drain();
    expect(runs.get(`later-${dialect}`)).toBeUndefined();
    t.clock.advance(11 * MINUTE);
    await t.worker.drain();
    await t.worker.drain();
    expect(runs.get(`later-${dialect}`)).toBe(1);
    expect((await jobRow(t, id)).status).toBe('done');
  });

  it('retries a failing job with growing backoff and gives up after max attempts', async () => {
    t = await testApp(dialect);
    const ctx = systemCtx(t.platform);
    const tag = `flaky-${dialect}`;
    failuresLeft = 10;
    const id = await enqueue(ctx, 'test.flaky', { tag });
    await t.worker.tick();
    let row = await jobRow(t, id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1, lastError: 'temporary outage' });
    const firstDelay = new Date(row.runAt).getTime() - t.clock.now().getTime();
    t.clock.advance(firstDelay);
    await t.worker.tick();
    row = await jobRow(t, id);
    const secondDelay = new Date(row.runAt).getTime() - t.clock.now().getTime();
    expect(secondDelay).toBeGreaterThan(firstDelay);
    t.clock.advance(secondDelay);
    await t.worker.tick();
    row = await jobRow(t, id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(runs.get(tag)).toBe(3);
  });

  it('gives a job whose worker died to another worker once the lease runs out', async () => {
    t = await testApp(dialect);
    const ctx = systemCtx(t.platform);
    const tag = `orphan-${dialect}`;
    const id = await enqueue(ctx, 'test.record', { tag });
    // A worker claimed it and died: running, leased for five more minutes.
    const leaseUntil = new Date(t.clock.now().getTime() + 5 * MINUTE).toISOString();
    await t.platform.db.updateTable('jobs').set({ status: 'running', attempts: 1, lockedBy: 'dead-worker', leaseUntil }).where('id', '=', id).execute();
    await t.worker.drain();
    expect(runs.get(tag)).toBeUndefined();
    t.clock.advance(6 * MINUTE);
    await t.worker.drain();
    expect(runs.get(tag)).toBe(1);
    expect(await jobRow(t, id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('turns a cron schedule into exactly one job per due time', async () => {
    t = await testApp(dialect);
    const ctx = systemCtx(t.platform);
    t.clock.set('2026-03-02T01:02:00.000Z');
    const tag = `cron-${dialect}`;
    await upsertSchedule(ctx, `test-${dialect}`, '*/5 * * * *', 'test.record', { tag });
    const other = new Worker(t.platform, silent);
    await Promise.all([t.worker.drain(), other.drain()]);
    expect(runs.get(tag)).toBeUndefined();
    t.clock.set('2026-03-02T01:05:30.000Z');
    await Promise.all([t.worker.drain(), other.drain()]);
    expect(runs.get(tag)).toBe(1);
    t.clock.set('2026-03-02T01:10:01.000Z');
    await Promise.all([t.worker.drain(), other.drain()]);
    expect(runs.get(tag)).toBe(2);
  });

  it('delivers events written in a committed transaction, and none from a rolled-back one', async () => {
    t = await testApp(dialect);
    const ctx = systemCtx(t.platform);
    await ctx.tx(async (tx) => emit(tx, 'test.happened', { n: `${dialect}-1` }));
    await expect(
      ctx.tx(async (tx) => {
        await emit(tx, 'test.happened', { n: `${dialect}-2` });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await t.worker.drain();
    await t.worker.drain();
    expect(delivered).toContain(`test.happened:${dialect}-1`);
    expect(delivered).not.toContain(`test.happened:${dialect}-2`);
  });
});

describe.runIf(PG_URL)('two workers on PostgreSQL', () => {
  it('never run the same job twice', async () => {
    const database = await testDatabase('postgres');
    const clock = new ManualClock(new Date());
    const a = await boot(database.config, { clock, log: silent });
    const b = await boot(database.config, { clock, log: silent });
    try {
      const ctx = systemCtx(a.platform);
      const tags = Array.from({ length: 150 }, (_, i) => `pg-pair-${i}`);
      for (const tag of tags) await enqueue(ctx, 'test.slow', { tag });
      const wa = new Worker(a.platform, silent, { batchSize: 3 });
      const wb = new Worker(b.platform, silent, { batchSize: 3 });
      await Promise.all([wa.drain(200), wb.drain(200)]);
      expect(tags.map((tag) => runs.get(tag))).toEqual(tags.map(() => 1));
      const lockedBy = await a.platform.db.selectFrom('jobs').select('lockedBy').distinct().execute();
      expect(lockedBy.length).toBe(2);
    } finally {
      await a.database.close();
      await b.database.close();
      await database.drop();
    }
  });
});
