import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../platform/clock.js';
import { createUserAndLogin, dialects, testApp, type Client, type TestApp } from '../../test/harness.js';

describe.each(dialects())('activities and tasks on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  beforeEach(async () => {
    t = await testApp(dialect, { now: '2026-11-23T02:00:00.000Z' }); // 10:00 in Shanghai
    admin = await t.setupAdmin();
  });
  afterEach(async () => {
    await t.close();
  });

  const customer = async (c: Client, name = '华为技术有限公司') => (await c.post('/api/v1/customers', { type: 'company', name })).json();
  const notifications = async (c: Client) => (await c.get('/api/v1/notifications')).json().data as { kind: string; title: string; body: string | null; link: { type: string; id: string }; customerId: string | null; actorName: string | null }[];

  it('logs a call with its details, refuses fields of other kinds and contacts of other customers, and writes nothing then', async () => {
    const hw = await customer(admin);
    const other = await customer(admin, '中兴通讯股份有限公司');
    const zhang = (await admin.post('/api/v1/contacts', { customerId: hw.id, name: '张伟' })).json();
    const li = (await admin.post('/api/v1/contacts', { customerId: other.id, name: '李娜' })).json();

    const call = await admin.post('/api/v1/activities', {
      kind: 'call', customerId: hw.id, contactId: zhang.id, direction: 'outbound', durationSeconds: 320, outcome: 'connected', body: '确认了下周的演示时间',
    });
    expect(call.statusCode).toBe(201);
    expect(call.json()).toMatchObject({ kind: 'call', customerName: hw.name, contactName: '张伟', durationSeconds: 320, ownerName: '管理员', occurredAt: '2026-11-23T02:00:00.000Z' });

    const bad = await admin.post('/api/v1/activities', { kind: 'note', customerId: hw.id, outcome: 'busy', location: '深圳', body: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['outcome', 'location']);
    const wrongContact = await admin.post('/api/v1/activities', { kind: 'call', customerId: hw.id, contactId: li.id });
    expect(wrongContact.json().errors).toEqual([expect.objectContaining({ path: 'contactId', code: 'other_customer' })]);
    const backwards = await admin.post('/api/v1/activities', { kind: 'meeting', customerId: hw.id, occurredAt: '2026-11-24T06:00:00Z', endsAt: '2026-11-24T05:00:00Z' });
    expect(backwards.json().errors).toEqual([expect.objectContaining({ path: 'endsAt' })]);
    expect((await admin.get(`/api/v1/activities?customerId=${hw.id}`)).json().data).toHaveLength(1);

    const stale = await admin.patch(`/api/v1/activities/${call.json().id}`, { body: '改期', version: 1 });
    expect(stale.statusCode).toBe(200);
    expect((await admin.patch(`/api/v1/activities/${call.json().id}`, { body: '再改', version: 1 })).statusCode).toBe(409);
    const audit = (await admin.get(`/api/v1/audit-events?objectType=activity&objectId=${call.json().id}`)).json().data;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['activity.update', 'activity.create']);
  });

  it('shows activities only with their customer, and private notes to their author alone', async () => {
    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '王销售', roleKey: 'sales_rep' });
    const other = await createUserAndLogin(t, admin, { email: 'rep2@example.com', name: '赵销售', roleKey: 'sales_rep' });
    const mine = await customer(rep.client, '阿里巴巴');
    const theirs = await customer(other.client, '腾讯科技');
    const note = (await rep.client.post('/api/v1/activities', { kind: 'note', customerId: mine.id, body: '预算只有一半', isPrivate: true })).json();
    await rep.client.post('/api/v1/activities', { kind: 'visit', customerId: mine.id, location: '杭州', attendeeIds: [rep.id] });

    const refused = await rep.client.post('/api/v1/activities', { kind: 'call', customerId: theirs.id });
    expect(refused.json().errors).toEqual([expect.objectContaining({ path: 'customerId' })]);
    expect((await other.client.get(`/api/v1/activities/${note.id}`)).statusCode).toBe(404);
    expect((await other.client.get('/api/v1/activities')).json().data).toEqual([]);
    const adminView = (await admin.get(`/api/v1/activities?customerId=${mine.id}`)).json().data;
    expect(adminView.map((a: { kind: string }) => a.kind)).toEqual(['visit']);
    const timeline = (await admin.get(`/api/v1/customers/${mine.id}/timeline?types=activity`)).json().data;
    expect(timeline.map((i: { kind: string }) => i.kind)).toEqual(['visit']);
    expect((await rep.client.get(`/api/v1/customers/${mine.id}/timeline?types=activity`)).json().data).toHaveLength(2);
    expect((await other.client.get(`/api/v1/customers/${mine.id}/timeline`)).statusCode).toBe(404);
  });

  it('merges activities, tasks, comments and changes into one timeline, newest first, page by page', async () => {
    const hw = await customer(admin);
    for (let i = 0; i < 5; i++) {
      t.clock.advance(MINUTE);
      await admin.post('/api/v1/activities', { kind: 'call', customerId: hw.id, subject: `电话 ${i}` });
    }
    t.clock.advance(MINUTE);
    await admin.post('/api/v1/tasks', { title: '发报价单', customerId: hw.id, dueAt: '2026-11-25T02:00:00Z' });
    t.clock.advance(MINUTE);
    await admin.post('/api/v1/comments', { object: { type: 'customer', id: hw.id }, body: '大客户，优先跟进' });
    t.clock.advance(MINUTE);
    await admin.patch(`/api/v1/customers/${hw.id}`, { grade: 'A', version: hw.version });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { type: string; title: string | null; at: string }[]; nextCursor: string | null } =
        (await admin.get(`/api/v1/customers/${hw.id}/timeline?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.data.map((i) => `${i.type}:${i.title ?? ''}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([
      'change:', 'comment:', 'task:发报价单', 'activity:电话 4', 'activity:电话 3', 'activity:电话 2', 'activity:电话 1', 'activity:电话 0', 'change:',
    ]);
    const onlyTasks = (await admin.get(`/api/v1/customers/${hw.id}/timeline?types=task,comment`)).json().data;
    expect(onlyTasks.map((i: { type: string }) => i.type)).toEqual(['comment', 'task']);
  });

  it('sorts my tasks into overdue, today, upcoming and done in my time zone, and repeats a recurring one', async () => {
    const at = (iso: string) => new Date(iso).toISOString();
    await admin.post('/api/v1/tasks', { title: '昨天的', dueAt: '2026-11-22T09:00:00Z' });
    await admin.post('/api/v1/tasks', { title: '今天下午', dueAt: '2026-11-23T07:00:00Z' });
    await admin.post('/api/v1/tasks', { title: '今晚十一点', dueAt: '2026-11-23T15:00:00Z' });
    await admin.post('/api/v1/tasks', { title: '明天', dueAt: '2026-11-23T16:30:00Z' });
    await admin.post('/api/v1/tasks', { title: '没有期限' });
    const weekly = (await admin.post('/api/v1/tasks', { title: '周报', dueAt: '2026-11-23T09:00:00Z', recurrence: 'weekly', checklist: [{ id: 'a', text: '数据', done: true }] })).json();

    const titles = async (bucket: string) => (await admin.get(`/api/v1/tasks?bucket=${bucket}`)).json().data.map((x: { title: string }) => x.title);
    expect(await titles('overdue')).toEqual(['昨天的']);
    expect(await titles('today')).toEqual(['今天下午', '周报', '今晚十一点']);
    expect(await titles('upcoming')).toEqual(['明天', '没有期限']);
    expect((await admin.get('/api/v1/tasks/counts')).json()).toEqual({ overdue: 1, today: 3, upcoming: 2, done: 0 });

    const done = await admin.patch(`/api/v1/tasks/${weekly.id}`, { status: 'done', version: weekly.version });
    expect(done.json()).toMatchObject({ status: 'done', completedAt: '2026-11-23T02:00:00.000Z' });
    expect(await titles('done')).toEqual(['周报']);
    const next = (await admin.get('/api/v1/tasks?bucket=upcoming')).json().data.find((x: { title: string }) => x.title === '周报');
    expect(next).toMatchObject({ dueAt: at('2026-11-30T09:00:00Z'), status: 'open', checklist: [{ id: 'a', text: '数据', done: false }] });

    const two = (await admin.get('/api/v1/tasks?bucket=upcoming&limit=1')).json();
    expect(two.data.map((x: { title: string }) => x.title)).toEqual(['明天']);
    expect((await admin.get(`/api/v1/tasks?bucket=upcoming&limit=1&cursor=${two.nextCursor}`)).json().data.map((x: { title: string }) => x.title)).toEqual(['周报']);
  });

  it('lets reps see only their tasks, managers their team\'s, and reassigns in bulk with a notification each', async () => {
    const sales = (await admin.post('/api/v1/teams', { name: '华东销售部' })).json().id;
    const manager = await createUserAndLogin(t, admin, { email: 'm@example.com', name: '陈经理', roleKey: 'sales_manager', teamId: sales });
    const a = await createUserAndLogin(t, admin, { email: 'a@example.com', name: '甲', roleKey: 'sales_rep', teamId: sales });
    const b = await createUserAndLogin(t, admin, { email: 'b@example.com', name: '乙', roleKey: 'sales_rep', teamId: sales });
    const outsider = await createUserAndLogin(t, admin, { email: 'c@example.com', name: '丙', roleKey: 'sales_rep' });
    const t1 = (await a.client.post('/api/v1/tasks', { title: '拜访客户', dueAt: '2026-11-24T02:00:00Z' })).json();
    const t2 = (await a.client.post('/api/v1/tasks', { title: '整理合同' })).json();

    expect((await b.client.get(`/api/v1/tasks/${t1.id}`)).statusCode).toBe(404);
    expect((await b.client.get('/api/v1/tasks?view=team')).statusCode).toBe(403);
    expect((await manager.client.get('/api/v1/tasks?view=team')).json().data.map((x: { title: string }) => x.title)).toEqual(['拜访客户', '整理合同']);
    expect((await outsider.client.post('/api/v1/tasks/reassign', { ids: [t1.id], assigneeId: outsider.id })).statusCode).toBe(404);

    const moved = await manager.client.post('/api/v1/tasks/reassign', { ids: [t1.id, t2.id], assigneeId: b.id });
    expect(moved.json()).toEqual({ updated: 2 });
    expect((await b.client.get('/api/v1/tasks')).json().data.map((x: { title: string }) => x.title)).toEqual(['拜访客户', '整理合同']);
    const got = await notifications(b.client);
    expect(got.map((n) => `${n.kind}:${n.title}:${n.actorName}`).sort()).toEqual(['task_assigned:拜访客户:陈经理', 'task_assigned:整理合同:陈经理']);
    expect((await b.client.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 2 });
    expect((await b.client.post('/api/v1/notifications/read-all')).json()).toEqual({ read: 2 });
    expect((await b.client.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 0 });
  });

  it('fires a task reminder at its time, late once after downtime, never twice, and again when moved', async () => {
    const watcher = await createUserAndLogin(t, admin, { email: 'w@example.com', name: '观察者', roleKey: 'sales_rep' });
    const task = (await admin.post('/api/v1/tasks', { title: '给华为回电', dueAt: '2026-11-23T06:00:00Z', remindAt: '2026-11-23T05:30:00Z', watcherIds: [watcher.id] })).json();
    const reminders = async (c: Client) => (await notifications(c)).filter((n) => n.kind === 'task_reminder');

    t.clock.set('2026-11-23T05:29:00Z');
    await t.worker.drain();
    expect(await reminders(admin)).toEqual([]);

    // The server was down from 05:29 to 07:00: the reminder fires late, once.
    t.clock.set('2026-11-23T07:00:00Z');
    await t.worker.drain();
    await t.worker.drain();
    expect(await reminders(admin)).toEqual([expect.objectContaining({ title: '给华为回电', link: { type: 'task', id: task.id } })]);
    expect(await reminders(watcher.client)).toHaveLength(1);
    // A job that runs again (a crash after the notification committed) finds the reminder claimed.
    await t.platform.db.updateTable('jobs').set({ status: 'queued', runAt: '2026-11-23T05:30:00.000Z', leaseUntil: null, lockedBy: null }).where('kind', '=', 'tasks.remind').execute();
    await t.worker.drain();
    expect(await reminders(admin)).toHaveLength(1);

    const moved = await admin.patch(`/api/v1/tasks/${task.id}`, { dueAt: '2026-11-24T06:00:00Z', remindAt: '2026-11-24T05:30:00Z', version: task.version });
    expect(moved.statusCode).toBe(200);
    t.clock.set('2026-11-24T05:31:00Z');
    await t.worker.drain();
    expect(await reminders(admin)).toHaveLength(2);
    expect((await admin.patch(`/api/v1/tasks/${task.id}`, { remindAt: '2026-11-25T05:30:00Z', version: moved.json().version })).json().errors)
      .toEqual([expect.objectContaining({ path: 'remindAt', code: 'after_due' })]);
  });

  it('reminds a customer\'s owner of the next follow-up when it comes, once', async () => {
    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '王销售', roleKey: 'sales_rep' });
    const c = (await rep.client.post('/api/v1/customers', { type: 'company', name: '美的集团', nextFollowUpAt: '2026-11-23T08:00:00Z' })).json();
    await t.worker.drain();
    const due = async () => (await notifications(rep.client)).filter((n) => n.kind === 'follow_up_due');
    expect(await due()).toEqual([]);
    // Moving it queues the new time; the old one no longer asks for anything.
    await rep.client.patch(`/api/v1/customers/${c.id}`, { nextFollowUpAt: '2026-11-23T09:00:00Z', version: c.version });
    await t.worker.drain();
    t.clock.set('2026-11-23T08:30:00Z');
    await t.worker.drain();
    expect(await due()).toEqual([]);
    t.clock.set('2026-11-23T09:00:01Z');
    await t.worker.drain();
    await t.worker.drain();
    expect(await due()).toEqual([expect.objectContaining({ title: '美的集团', customerId: c.id })]);
  });

  it('notifies whom a comment mentions, with a link to the record, and refuses records one cannot see', async () => {
    const b = await createUserAndLogin(t, admin, { email: 'b@example.com', name: '李四', roleKey: 'service_agent' });
    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '王销售', roleKey: 'sales_rep' });
    const hw = await customer(admin);
    const comment = await admin.post('/api/v1/comments', { object: { type: 'customer', id: hw.id }, body: '@李四 请看一下报价', mentionIds: [b.id] });
    expect(comment.statusCode).toBe(201);
    expect(comment.json()).toMatchObject({ mentions: [{ id: b.id, name: '李四' }], authorName: '管理员' });
    expect(await notifications(b.client)).toEqual([expect.objectContaining({ kind: 'mention', actorName: '管理员', title: hw.name, body: '@李四 请看一下报价', customerId: hw.id, link: { type: 'customer', id: hw.id } })]);
    expect(await notifications(admin)).toEqual([]);

    const hidden = await rep.client.post('/api/v1/comments', { object: { type: 'customer', id: hw.id }, body: '看不到' });
    expect(hidden.json().errors).toEqual([expect.objectContaining({ path: 'object' })]);
    expect((await rep.client.get(`/api/v1/comments?objectType=customer&objectId=${hw.id}`)).statusCode).toBe(400);
    const thread = (await b.client.get(`/api/v1/comments?objectType=customer&objectId=${hw.id}`)).json().data;
    expect(thread.map((c: { body: string }) => c.body)).toEqual(['@李四 请看一下报价']);
    expect((await b.client.delete(`/api/v1/comments/${thread[0].id}`)).statusCode).toBe(403);
  });

  it('puts my tasks and meetings on the calendar and in a private iCalendar feed', async () => {
    const hw = await customer(admin);
    const meeting = (await admin.post('/api/v1/activities', { kind: 'meeting', customerId: hw.id, subject: '方案评审', occurredAt: '2026-11-25T02:00:00Z', endsAt: '2026-11-25T03:00:00Z' })).json();
    const task = (await admin.post('/api/v1/tasks', { title: '准备演示', customerId: hw.id, dueAt: '2026-11-24T08:00:00Z' })).json();
    await admin.post('/api/v1/activities', { kind: 'call', customerId: hw.id, occurredAt: '2026-11-24T01:00:00Z' });
    const events = (await admin.get('/api/v1/calendar?from=2026-11-23T00:00:00Z&to=2026-11-30T00:00:00Z')).json().data;
    expect(events.map((e: { type: string; id: string; title: string }) => `${e.type}:${e.title}`).sort()).toEqual(['activity:方案评审', 'task:准备演示']);
    expect(events.find((e: { id: string }) => e.id === meeting.id)).toMatchObject({ start: '2026-11-25T02:00:00.000Z', end: '2026-11-25T03:00:00.000Z', customerName: hw.name });

    // Dragging the task on the calendar is a PATCH of its due time.
    await admin.patch(`/api/v1/tasks/${task.id}`, { dueAt: '2026-11-26T08:00:00Z', version: task.version });
    const moved = (await admin.get('/api/v1/calendar?from=2026-11-26T00:00:00Z&to=2026-11-27T00:00:00Z')).json().data;
    expect(moved.map((e: { title: string }) => e.title)).toEqual(['准备演示']);

    expect((await admin.get('/api/v1/calendar/feed')).json()).toEqual({ url: null });
    const { url } = (await admin.post('/api/v1/calendar/feed')).json();
    const path = new URL(url).pathname;
    const ics = await t.client().get(path);
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('SUMMARY:方案评审 · 华为技术有限公司');
    expect(ics.body).toContain('DTSTART:20261125T020000Z');
    expect(ics.body).toContain('SUMMARY:准备演示 · 华为技术有限公司');
    await admin.post('/api/v1/calendar/feed');
    expect((await t.client().get(path)).statusCode).toBe(404);
  });

  it('moves activities, tasks and comments to the survivor of a merge, and removes them with a purged customer', async () => {
    const keep = await customer(admin, '海尔智家股份有限公司');
    const dup = await customer(admin, '海尔智家');
    await admin.post('/api/v1/activities', { kind: 'call', customerId: dup.id, subject: '老记录上的电话' });
    const task = (await admin.post('/api/v1/tasks', { title: '老记录上的任务', customerId: dup.id })).json();
    await admin.post('/api/v1/comments', { object: { type: 'customer', id: dup.id }, body: '老记录上的评论' });
    const merged = await admin.post('/api/v1/customers/merge', { survivorId: keep.id, duplicateId: dup.id, survivorVersion: keep.version, duplicateVersion: dup.version, values: {} });
    expect(merged.statusCode).toBe(200);
    const items = (await admin.get(`/api/v1/customers/${keep.id}/timeline?types=activity,task,comment`)).json().data;
    expect(items.map((i: { title: string | null; body: string | null }) => i.title ?? i.body).sort()).toEqual(['老记录上的任务', '老记录上的电话', '老记录上的评论'].sort());
    expect((await admin.get(`/api/v1/comments?objectType=customer&objectId=${keep.id}`)).json().data).toHaveLength(1);

    await admin.delete(`/api/v1/customers/${keep.id}`);
    t.clock.advance(31 * 24 * HOUR);
    const { enqueue } = await import('../../platform/jobs.js');
    const { systemCtx } = await import('../../platform/context.js');
    await enqueue(systemCtx(t.platform), 'customers.purge_deleted', {});
    await t.worker.drain();
    const db = t.platform.db;
    expect(await db.selectFrom('customers').select('id').where('id', '=', keep.id).execute()).toEqual([]);
    expect(await db.selectFrom('activities').select('id').where('customerId', '=', keep.id).execute()).toEqual([]);
    expect(await db.selectFrom('comments').select('id').where('customerId', '=', keep.id).execute()).toEqual([]);
    // The task stays with the person doing it, without the customer.
    expect(await db.selectFrom('tasks').select(['id', 'customerId']).where('id', '=', task.id).execute()).toEqual([{ id: task.id, customerId: null }]);
  });
});
