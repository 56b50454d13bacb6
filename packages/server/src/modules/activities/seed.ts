// Demo follow-up history for `kehu seed --demo`: a few months of calls, visits, messages and
// notes with each demo customer, logged by its owner, and tasks around today (some overdue,
// some due today, some ahead, some done), so the timeline, "My tasks" and the calendar have
// something to show.
import type { ActivityKind } from '@kehu/shared';
import { createCtx, type Platform } from '../../platform/context.js';
import { loadActor } from '../../platform/auth/actor.js';
import { createActivity } from './activities.service.js';
import { createTask, updateTask } from './tasks.service.js';
import { createComment } from './comments.service.js';
import { seededRandom } from '../../platform/seeded-random.js';

const callNotes = ['确认了需求范围，客户希望下周看方案', '对报价有疑问，需要补充明细', '客户在比较两家供应商，关注售后响应', '约好下周二上门演示', '采购流程已启动，等待内部审批', '电话未接通，稍后再打'];
const visitNotes = ['拜访采购经理，参观了生产线', '技术交流会，客户提出三项定制需求', '与财务确认付款方式和开票信息'];
const chatNotes = ['发送了产品手册和案例', '客户询问交付周期', '微信确认了会议时间'];
const taskTitles = ['发送报价单', '准备演示环境', '回访使用情况', '催收第二期款项', '整理会议纪要', '确认合同条款', '安排技术交流'];

export async function seedDemoActivities(platform: Platform): Promise<number> {
  if (await platform.db.selectFrom('activities').select('id').limit(1).executeTakeFirst()) return 0;
  const pick = seededRandom(20261124);
  const customers = await platform.db.selectFrom('customers').select(['id', 'ownerId']).where('deletedAt', 'is', null).where('ownerId', 'is not', null).orderBy('createdAt').execute();
  const now = platform.clock.now().getTime();
  const day = 86_400_000;
  let count = 0;
  for (const c of customers) {
    const actor = await loadActor(platform.db, c.ownerId!, { kind: 'job' });
    if (!actor) continue;
    const ctx = createCtx(platform, { actor, locale: 'zh-CN' });
    const contact = await platform.db.selectFrom('contacts').select('id').where('customerId', '=', c.id).where('isPrimary', '=', 1).executeTakeFirst();
    const logged = 2 + pick(8);
    for (let k = 0; k < logged; k++) {
      const when = new Date(now - (1 + pick(90)) * day);
      when.setUTCHours(1 + pick(9), pick(4) * 15, 0, 0);
      const kind: ActivityKind = (['call', 'call', 'call', 'visit', 'wechat', 'email', 'note'] as const)[pick(7)]!;
      await createActivity(ctx, {
        kind,
        customerId: c.id,
        contactId: kind === 'note' ? null : contact?.id ?? null,
        occurredAt: when.toISOString(),
        body: kind === 'visit' ? visitNotes[pick(visitNotes.length)]! : kind === 'call' ? callNotes[pick(callNotes.length)]! : chatNotes[pick(chatNotes.length)]!,
        ...(kind === 'call' ? { direction: pick(3) ? 'outbound' : 'inbound', durationSeconds: 30 + pick(900), outcome: pick(5) ? 'connected' : 'no_answer' } as const : {}),
        ...(kind === 'visit' ? { location: '客户公司', endsAt: new Date(when.getTime() + 90 * 60_000).toISOString() } : {}),
        ...(kind === 'email' || kind === 'wechat' ? { direction: 'outbound' as const } : {}),
      });
      count++;
    }
    if (pick(3) === 0) {
      const start = new Date(now + (1 + pick(10)) * day);
      start.setUTCHours(1 + pick(8), 0, 0, 0);
      await createActivity(ctx, { kind: 'meeting', customerId: c.id, subject: '方案评审会', location: '线上会议', occurredAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString(), attendeeIds: [actor.userId] });
    }
    for (let k = pick(3); k < 2; k++) {
      const due = new Date(now + (pick(12) - 4) * day);
      due.setUTCHours(1 + pick(9), 0, 0, 0);
      const task = await createTask(ctx, { title: taskTitles[pick(taskTitles.length)]!, customerId: c.id, dueAt: due.toISOString(), priority: (['low', 'normal', 'normal', 'high', 'urgent'] as const)[pick(5)]! });
      if (due.getTime() < now - 2 * day && pick(2)) await updateTask(ctx, task.id, { status: 'done' }, task.version);
    }
    if (pick(4) === 0) await createComment(ctx, { object: { type: 'customer', id: c.id }, body: '这个客户预算充足，建议重点跟进。' });
  }
  return count;
}
