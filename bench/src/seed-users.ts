// Bulk-inserts users and teams straight into a fresh database for the benchmark.
import { randomInt } from 'node:crypto';
import { boot } from '../../packages/server/dist/platform/boot.js';
import { loadConfig } from '../../packages/server/dist/platform/config.js';
import { newId } from '../../packages/server/dist/platform/crypto.js';
import { hashPassword } from '../../packages/server/dist/platform/auth/passwords.js';

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const given = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强丹萍鹏辉玲斌宇浩凯';

export async function seedUsers(opts: { dataDir: string; databaseUrl: string | null; users: number }) {
  const config = { ...loadConfig({ KEHU_DATA_DIR: opts.dataDir, KEHU_LOG_LEVEL: 'warn' }), databaseUrl: opts.databaseUrl };
  const { platform, database } = await boot(config);
  const password = 'Bench-pass-2026';
  const passwordHash = await hashPassword(password);
  const now = new Date().toISOString();
  const db = platform.db;
  await db.insertInto('organization').values({ id: newId(), name: '压测科技有限公司', defaultLocale: 'zh-CN', currency: 'CNY', timeZone: 'Asia/Shanghai', createdAt: now, updatedAt: now, version: 1 }).execute();
  const teamIds = Array.from({ length: 50 }, () => newId());
  await db.insertInto('teams').values(teamIds.map((id, i) => ({ id, name: `销售${i + 1}组`, parentId: null, managerId: null, createdAt: now, updatedAt: now, createdBy: null, version: 1 }))).execute();
  const roles = new Map((await db.selectFrom('roles').select(['id', 'key']).execute()).map((r) => [r.key, r.id]));
  const adminEmail = 'admin@bench.kehu.local';
  const batch = 500;
  for (let start = 0; start < opts.users; start += batch) {
    const rows = Array.from({ length: Math.min(batch, opts.users - start) }, (_, k) => {
      const i = start + k;
      return {
        id: newId(),
        email: i === 0 ? adminEmail : `user${i}@bench.kehu.local`,
        name: surnames[randomInt(surnames.length)]! + given[randomInt(given.length)]! + (randomInt(2) ? given[randomInt(given.length)]! : ''),
        phone: `13${String(randomInt(1e9)).padStart(9, '0')}`,
        passwordHash,
        teamId: teamIds[i % teamIds.length]!,
        status: 'active' as const,
        locale: null, timeZone: null, lastLoginAt: null, createdAt: now, updatedAt: now, createdBy: null, version: 1,
      };
    });
    await db.insertInto('users').values(rows).execute();
    await db.insertInto('userRoles').values(rows.map((r, k) => ({ userId: r.id, roleId: roles.get(start + k === 0 ? 'admin' : 'sales_rep')! }))).execute();
  }
  await database.close();
  return { adminEmail, password, teamId: teamIds[0]! };
}
