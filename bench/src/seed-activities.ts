// Bulk-inserts activities and tasks for the benchmark: `perCustomer` activities spread over
// every customer's last year, one customer with a long history (`bigTimeline` items), and
// `tasksPerUser` tasks per user around today.
import { sql } from 'kysely';
import { boot } from '../../packages/server/dist/platform/boot.js';
import { loadConfig } from '../../packages/server/dist/platform/config.js';
import { newId } from '../../packages/server/dist/platform/crypto.js';

const kinds = ['call', 'call', 'call', 'visit', 'wechat', 'email', 'note'];
const bodies = ['确认了需求范围，客户希望下周看方案', '对报价有疑问，需要补充明细', '约好下周二上门演示', '发送了产品手册和案例', '采购流程已启动'];

export async function seedActivities(opts: { dataDir: string; databaseUrl: string | null; activities: number; bigTimeline: number; bigCustomerId: string; tasksPerUser: number }) {
  const config = { ...loadConfig({ KEHU_DATA_DIR: opts.dataDir, KEHU_LOG_LEVEL: 'warn' }), databaseUrl: opts.databaseUrl };
  const { platform, database } = await boot(config);
  const db = platform.db;
  const started = Date.now();
  const now = Date.now();
  const customerCount = Number((await db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const perCustomer = Math.max(1, Math.round((opts.activities - opts.bigTimeline) / customerCount));
  let written = 0;
  const insert = async (rows: ReturnType<typeof activity>[]) => {
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < rows.length; i += 500) await tx.insertInto('activities').values(rows.slice(i, i + 500)).execute();
    });
    written += rows.length;
  };
  const activity = (customerId: string, ownerId: string, teamId: string | null, i: number) => {
    const at = new Date(now - ((i * 7919) % (365 * 24)) * 3_600_000).toISOString();
    const kind = kinds[i % kinds.length]!;
    return {
      id: newId(), kind, customerId, contactId: null, relatedType: null, relatedId: null, subject: null, body: bodies[i % bodies.length]!,
      occurredAt: at, endsAt: null, direction: kind === 'call' ? 'outbound' : null, durationSeconds: kind === 'call' ? 60 + (i % 600) : null,
      outcome: kind === 'call' ? 'connected' : null, location: kind === 'visit' ? '客户公司' : null, isPrivate: 0, ownerId, teamId,
      createdAt: at, updatedAt: at, createdBy: ownerId, version: 1, deletedAt: null,
    };
  };
  for (let after = ''; ; ) {
    const page = await db.selectFrom('customers').select(['id', 'ownerId', 'teamId']).where('id', '>', after).orderBy('id').limit(5000).execute();
    if (!page.length) break;
    const base = written;
    await insert(page.flatMap((c, n) => Array.from({ length: perCustomer }, (_, k) => activity(c.id, c.ownerId!, c.teamId, base + n * perCustomer + k))));
    after = page[page.length - 1]!.id;
    if (Math.floor(written / 500_000) !== Math.floor(base / 500_000)) console.log(`  ${written.toLocaleString('en-US')} activities…`);
  }
  const big = await db.selectFrom('customers').select(['id', 'ownerId', 'teamId']).where('id', '=', opts.bigCustomerId).executeTakeFirstOrThrow();
  for (let k = 0; k < opts.bigTimeline; k += 5000) {
    await insert(Array.from({ length: Math.min(5000, opts.bigTimeline - k) }, (_, n) => activity(big.id, big.ownerId!, big.teamId, k + n)));
  }

  const users = await db.selectFrom('users').select(['id', 'teamId']).execute();
  let tasks = 0;
  for (let u = 0; u < users.length; u += 200) {
    const rows = users.slice(u, u + 200).flatMap((user) =>
      Array.from({ length: opts.tasksPerUser }, (_, k) => {
        const due = new Date(now + (k - Math.floor(opts.tasksPerUser / 3)) * 86_400_000 + (k % 9) * 3_600_000).toISOString();
        const done = k % 4 === 0;
        return {
          id: newId(), title: `任务 ${k + 1}`, description: null, assigneeId: user.id, teamId: user.teamId, dueAt: due, priority: 'normal',
          status: done ? 'done' : 'open', completedAt: done ? due : null, remindAt: null, remindedAt: null, recurrence: 'none',
          customerId: null, relatedType: null, relatedId: null, checklist: '[]', createdAt: due, updatedAt: due, createdBy: user.id, version: 1, deletedAt: null,
        };
      }),
    );
    for (let i = 0; i < rows.length; i += 500) await db.insertInto('tasks').values(rows.slice(i, i + 500)).execute();
    tasks += rows.length;
  }
  await sql`analyze`.execute(db);
  await database.close();
  return { activities: written, tasks, seconds: (Date.now() - started) / 1000 };
}
