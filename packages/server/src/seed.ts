// `kehu seed --demo`: a believable organization to try Kehu with. Each module adds its part here.
import { builtinRoleKeys } from '@kehu/shared';
import type { Platform } from './platform/context.js';
import { systemCtx } from './platform/context.js';
import { newId } from './platform/crypto.js';
import { hashPassword } from './platform/auth/passwords.js';
import { recordAudit } from './platform/audit.js';
import { syncBuiltinRoles } from './modules/identity/roles.service.js';
import { ORGANIZATION_ID } from './modules/identity/repository.js';
import { seedDemoCustomers } from './modules/customers/seed.js';
import { seedDemoActivities } from './modules/activities/seed.js';
import { seedDemoOpportunities } from './modules/sales/seed.js';
import { seedDemoLeads } from './modules/sales/lead-seed.js';

export const DEMO_PASSWORD = 'Kehu-demo-2026';

const teams = [
  { key: 'sales', name: '销售部', parent: null },
  { key: 'sales_east', name: '华东销售组', parent: 'sales' },
  { key: 'sales_south', name: '华南销售组', parent: 'sales' },
  { key: 'service', name: '客户服务部', parent: null },
  { key: 'marketing', name: '市场部', parent: null },
  { key: 'finance', name: '财务部', parent: null },
] as const;

const people: { email: string; name: string; phone: string; team: (typeof teams)[number]['key'] | null; role: (typeof builtinRoleKeys)[number] }[] = [
  { email: 'admin@demo.kehu.local', name: '系统管理员', phone: '13800000000', team: null, role: 'admin' },
  { email: 'wang.lei@demo.kehu.local', name: '王磊', phone: '13912345678', team: 'sales', role: 'sales_manager' },
  { email: 'zhang.min@demo.kehu.local', name: '张敏', phone: '13723456789', team: 'sales_east', role: 'sales_rep' },
  { email: 'li.qiang@demo.kehu.local', name: '李强', phone: '13634567890', team: 'sales_east', role: 'sales_rep' },
  { email: 'chen.jing@demo.kehu.local', name: '陈静', phone: '15845678901', team: 'sales_south', role: 'sales_rep' },
  { email: 'liu.yang@demo.kehu.local', name: '刘洋', phone: '18656789012', team: 'service', role: 'service_manager' },
  { email: 'zhao.li@demo.kehu.local', name: '赵丽', phone: '18767890123', team: 'service', role: 'service_agent' },
  { email: 'sun.hui@demo.kehu.local', name: '孙慧', phone: '18878901234', team: 'marketing', role: 'marketing' },
  { email: 'zhou.fang@demo.kehu.local', name: '周芳', phone: '18989012345', team: 'finance', role: 'finance' },
];

/** Adds the demo organization, teams and users; running it twice adds nothing twice. */
export async function seedDemo(platform: Platform): Promise<string> {
  const ctx = systemCtx(platform);
  await syncBuiltinRoles(ctx);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let created = 0;
  await ctx.tx(async (tx) => {
    const now = tx.now();
    if (!(await tx.db.selectFrom('organization').select('id').executeTakeFirst())) {
      await tx.db.insertInto('organization').values({ id: ORGANIZATION_ID, name: '示例科技有限公司', defaultLocale: 'zh-CN', currency: 'CNY', timeZone: 'Asia/Shanghai', createdAt: now, updatedAt: now, version: 1 }).execute();
    }
    const teamIds = new Map<string, string>();
    for (const t of teams) {
      const parentId = t.parent ? teamIds.get(t.parent)! : null;
      const existing = await tx.db.selectFrom('teams').select('id').where('name', '=', t.name).executeTakeFirst();
      const id = existing?.id ?? newId();
      if (!existing) await tx.db.insertInto('teams').values({ id, name: t.name, parentId, managerId: null, createdAt: now, updatedAt: now, createdBy: null, version: 1 }).execute();
      teamIds.set(t.key, id);
    }
    const roles = new Map((await tx.db.selectFrom('roles').select(['id', 'key']).execute()).map((r) => [r.key, r.id]));
    for (const p of people) {
      if (await tx.db.selectFrom('users').select('id').where('email', '=', p.email).executeTakeFirst()) continue;
      const id = newId();
      await tx.db.insertInto('users').values({
        id, email: p.email, name: p.name, phone: p.phone, passwordHash, teamId: p.team ? teamIds.get(p.team)! : null,
        status: 'active', locale: null, timeZone: null, lastLoginAt: null, createdAt: now, updatedAt: now, createdBy: null, version: 1,
      }).execute();
      await tx.db.insertInto('userRoles').values({ userId: id, roleId: roles.get(p.role)! }).execute();
      await recordAudit(tx, { action: 'user.create', objectType: 'user', objectId: id, after: { email: p.email, name: p.name, role: p.role }, meta: { seed: 'demo' }, actorName: 'kehu seed' });
      created++;
    }
    const sales = teamIds.get('sales')!;
    const manager = await tx.db.selectFrom('users').select('id').where('email', '=', 'wang.lei@demo.kehu.local').executeTakeFirstOrThrow();
    await tx.db.updateTable('teams').set({ managerId: manager.id }).where('id', '=', sales).where('managerId', 'is', null).execute();
  });
  const customers = await seedDemoCustomers(platform, people.filter((p) => p.role === 'sales_rep' || p.role === 'sales_manager').map((p) => p.email));
  const activities = await seedDemoActivities(platform);
  const opportunities = await seedDemoOpportunities(platform);
  const leads = await seedDemoLeads(platform);
  return `Demo data ready: ${created} new users in ${teams.length} teams, ${customers} new customers, ${activities} new activities, ${opportunities} new opportunities, ${leads} new leads. Sign in as admin@demo.kehu.local (or any demo user) with password ${DEMO_PASSWORD}.`;
}
