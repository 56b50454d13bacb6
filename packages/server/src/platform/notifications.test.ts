import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUserAndLogin, dialects, testApp, testDatabase, type Client, type TestApp, type TestDatabase } from '../test/harness.js';

interface Received {
  to: string[];
  raw: string;
}

/** A real SMTP server on a free port that keeps what it receives. */
async function smtpServer() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The decoded text of a received message (nodemailer sends UTF-8 bodies quoted-printable or base64). */
function bodyOf(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding: base64/i.test(head!)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding: quoted-printable/i.test(head!)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function subjectOf(raw: string): string {
  const line = raw.match(/^Subject: (.*(?:\r?\n[ \t].*)*)/m)?.[1] ?? '';
  return line.replace(/\r?\n[ \t]/g, ' ').replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}

describe.each(dialects())('notifications on %s', (dialect) => {
  let t: TestApp;
  let db: TestDatabase;
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let admin: Client;
  beforeEach(async () => {
    smtp = await smtpServer();
    db = await testDatabase(dialect);
    db.config.smtpUrl = smtp.url;
    t = await testApp(dialect, { database: db, now: '2026-11-23T02:00:00.000Z' });
    admin = await t.setupAdmin();
  });
  afterEach(async () => {
    await t.close();
    await db.drop();
    await smtp.close();
  });

  it('emails a mention to the one mentioned, in their language, unless they turned that email off', async () => {
    const b = await createUserAndLogin(t, admin, { email: 'li.si@example.com', name: '李四', roleKey: 'service_agent' });
    const c = (await admin.post('/api/v1/customers', { type: 'company', name: '比亚迪股份有限公司' })).json();
    await admin.post('/api/v1/comments', { object: { type: 'customer', id: c.id }, body: '@李四 客户在问交期', mentionIds: [b.id] });
    await t.worker.drain();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(['li.si@example.com']);
    expect(subjectOf(smtp.received[0]!.raw)).toBe('管理员 在「比亚迪股份有限公司」中提到了你');
    const text = bodyOf(smtp.received[0]!.raw);
    expect(text).toContain('@李四 客户在问交期');
    expect(text).toContain(`/customers/${c.id}`);

    const prefs = (await b.client.get('/api/v1/notification-preferences')).json();
    expect(prefs.kinds.mention).toEqual({ inApp: true, email: true });
    await b.client.put('/api/v1/notification-preferences', { ...prefs, kinds: { ...prefs.kinds, mention: { inApp: true, email: false } } });
    await admin.post('/api/v1/comments', { object: { type: 'customer', id: c.id }, body: '@李四 再提醒一次', mentionIds: [b.id] });
    await t.worker.drain();
    expect(smtp.received).toHaveLength(1);
    expect((await b.client.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 2 });
  });

  it('sends each user a morning digest at 08:00 their time, once a day, and none to those who opted out', async () => {
    const rep = await createUserAndLogin(t, admin, { email: 'rep@example.com', name: '王销售', roleKey: 'sales_rep' });
    const quiet = await createUserAndLogin(t, admin, { email: 'quiet@example.com', name: '静', roleKey: 'sales_rep' });
    await rep.client.post('/api/v1/tasks', { title: '给美的回电', dueAt: '2026-11-24T06:00:00Z' });
    await rep.client.post('/api/v1/tasks', { title: '上周的报价', dueAt: '2026-11-20T06:00:00Z' });
    await rep.client.post('/api/v1/customers', { type: 'company', name: '格力电器', nextFollowUpAt: '2026-11-23T12:00:00Z' });
    await quiet.client.post('/api/v1/tasks', { title: '安静的任务', dueAt: '2026-11-24T03:00:00Z' });
    const prefs = (await quiet.client.get('/api/v1/notification-preferences')).json();
    await quiet.client.put('/api/v1/notification-preferences', { ...prefs, dailyDigest: false });
    await t.worker.drain();

    // 07:59 in Shanghai: nothing; 08:00: the digest for the 24th.
    t.clock.set('2026-11-23T23:59:00Z');
    await t.worker.drain();
    const isDigest = (m: Received) => /今日待办/.test(subjectOf(m.raw));
    expect(smtp.received.filter(isDigest)).toEqual([]);
    t.clock.set('2026-11-24T00:00:30Z');
    await t.worker.drain();
    const digests = smtp.received.filter(isDigest);
    expect(digests.map((m) => m.to[0])).toEqual(['rep@example.com']);
    expect(subjectOf(digests[0]!.raw)).toBe('今日待办：2 项任务，1 个待跟进客户');
    const text = bodyOf(digests[0]!.raw);
    expect(text).toContain('王销售，早上好');
    expect(text).toMatch(/已逾期的任务\n\s+• 11-20 14:00 {2}上周的报价/);
    expect(text).toMatch(/今日到期的任务\n\s+• 11-24 14:00 {2}给美的回电/);
    expect(text).toContain('格力电器');

    // The hourly run comes again within the same morning: no second digest.
    await t.platform.db.updateTable('schedules').set({ nextRunAt: '2026-11-24T00:00:00.000Z' }).where('name', '=', 'followups.digest').execute();
    await t.worker.drain();
    expect(smtp.received.filter(isDigest)).toHaveLength(1);
  });

  it('streams the unread count to an open page as it changes', async () => {
    const b = await createUserAndLogin(t, admin, { email: 'b@example.com', name: '李四', roleKey: 'service_agent' });
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    const res = await fetch(`${address}/api/v1/events/stream`, {
      headers: { cookie: [...b.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const nextUnread = async (): Promise<number> => {
      for (;;) {
        const match = buffer.match(/event: unread\ndata: (\{.*\})\n\n/);
        if (match) {
          buffer = buffer.slice(match.index! + match[0].length);
          return JSON.parse(match[1]!).unread as number;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    };
    expect(await nextUnread()).toBe(0);
    const c = (await admin.post('/api/v1/customers', { type: 'company', name: '小米科技' })).json();
    await admin.post('/api/v1/comments', { object: { type: 'customer', id: c.id }, body: '@李四 看下', mentionIds: [b.id] });
    expect(await nextUnread()).toBe(1);
    await b.client.post('/api/v1/notifications/read-all');
    expect(await nextUnread()).toBe(0);
    controller.abort();
    const anonymous = await fetch(`${address}/api/v1/events/stream`);
    expect(anonymous.status).toBe(401);
  });
});
