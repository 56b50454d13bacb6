// The `kehu` command: start | worker | migrate | user create | api-key create | seed --demo.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { allPermissions, builtinRoleKeys, Email, NewPassword } from '@kehu/shared';
import { loadConfig, ConfigError } from './platform/config.js';
import { boot } from './platform/boot.js';
import { buildApp } from './app.js';
import { Worker } from './platform/worker.js';
import { createCtx } from './platform/context.js';
import { loadActor } from './platform/auth/actor.js';
import { AppError } from './platform/http/errors.js';
import { translate, translateIssue } from './platform/i18n/index.js';
import { createUser } from './modules/identity/users.service.js';
import { createApiKey } from './modules/identity/api-keys.service.js';
import { seedDemo } from './seed.js';

const usage = `Usage: kehu <command> [options]

Commands:
  start                         serve the web app and API (and run jobs unless KEHU_WORKER=off)
  worker                        run background jobs only
  migrate                       bring the database schema up to date
  user create --email <e> --password <p> --name <n> --role <key> [--role <key>…]
  api-key create --user <email> --name <name> [--scopes <perm,perm…>]
  seed --demo                   add demonstration data

Configuration comes from the environment (see README.md).`;

class UsageError extends Error {}

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, options, allowPositionals: false, strict: true }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || !v) throw new UsageError(`--${name} is required`);
  return v;
}

async function withSystem<T>(fn: (b: Awaited<ReturnType<typeof boot>>) => Promise<T>): Promise<T> {
  const booted = await boot(loadConfig());
  try {
    return await fn(booted);
  } finally {
    await booted.database.close();
  }
}

async function start(workerOnly: boolean): Promise<number> {
  const config = loadConfig();
  const { platform, database, log } = await boot(config);
  const worker = new Worker(platform, log);
  const app = workerOnly ? null : await buildApp(platform);
  if (app) await app.listen({ port: config.port, host: config.host });
  if (workerOnly || config.worker) worker.start();
  log.info({ url: app ? config.publicUrl : undefined, database: platform.dialect, worker: workerOnly || config.worker }, workerOnly ? 'Kehu worker running' : 'Kehu is running');
  await new Promise<void>((resolve) => {
    const shutdown = () => resolve();
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  await app?.close();
  await worker.stop();
  await database.close();
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await start(false);
      case 'worker':
        return await start(true);
      case 'migrate':
        await withSystem(async () => console.log('Database is up to date.'));
        return 0;
      case 'user': {
        if (sub !== 'create') throw new UsageError('Expected: kehu user create …');
        const v = parse(rest, { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', multiple: true } });
        const email = Email.safeParse(required(v, 'email'));
        if (!email.success) throw new UsageError('--email is not a valid email address');
        const password = NewPassword.safeParse(required(v, 'password'));
        if (!password.success) throw new UsageError('--password must have at least 10 characters with letters and digits');
        const roleKeys = (v.role as string[] | undefined) ?? [];
        if (!roleKeys.length) throw new UsageError(`--role is required (one of: ${builtinRoleKeys.join(', ')} or a custom role's name)`);
        return await withSystem(async ({ platform }) => {
          const roles = await platform.db.selectFrom('roles').select(['id', 'key', 'name']).execute();
          const roleIds = roleKeys.map((k) => {
            const role = roles.find((r) => r.key === k || r.name === k);
            if (!role) throw new UsageError(`Unknown role "${k}"`);
            return role.id;
          });
          const asSystem = createCtx(platform, { locale: 'en-US', actor: { ...systemActor(), locale: 'en-US' } });
          const user = await createUser(asSystem, { email: email.data, password: password.data, name: required(v, 'name'), roleIds });
          console.log(`Created user ${user.email} (${user.id}) with roles ${user.roles.map((r) => r.key ?? r.name).join(', ')}.`);
          return 0;
        });
      }
      case 'api-key': {
        if (sub !== 'create') throw new UsageError('Expected: kehu api-key create …');
        const v = parse(rest, { user: { type: 'string' }, name: { type: 'string' }, scopes: { type: 'string' } });
        const scopes = typeof v.scopes === 'string' ? v.scopes.split(',').map((s: string) => s.trim()).filter(Boolean) : ([] as string[]);
        const unknown = scopes.filter((s) => !(allPermissions as string[]).includes(s));
        if (unknown.length) throw new UsageError(`Unknown scope(s): ${unknown.join(', ')}`);
        return await withSystem(async ({ platform }) => {
          const email = required(v, 'user').toLowerCase();
          const user = await platform.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
          if (!user) throw new UsageError(`No user with email ${email}`);
          const actor = await loadActor(platform.db, user.id, { kind: 'session', sessionId: '' });
          if (!actor) throw new UsageError(`User ${email} is disabled`);
          // The key is created as its owner would create it, so it cannot exceed the owner's rights.
          const ownerCtx = createCtx(platform, { locale: 'en-US', actor: { ...actor, permissions: new Set([...actor.permissions, 'api_keys:manage']) } });
          const key = await createApiKey(ownerCtx, user.id, { name: required(v, 'name'), scopes: scopes as never });
          console.log(`API key "${key.name}" for ${email}${scopes.length ? ` limited to ${scopes.join(', ')}` : ''}:\n\n  ${key.key}\n\nIt is shown only this once; store it safely.`);
          return 0;
        });
      }
      case 'seed': {
        const v = parse([sub, ...rest].filter((x): x is string => x !== undefined), { demo: { type: 'boolean' } });
        if (!v.demo) throw new UsageError('Expected: kehu seed --demo');
        return await withSystem(async ({ platform }) => {
          const summary = await seedDemo(platform);
          console.log(summary);
          return 0;
        });
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(usage);
        return command ? 0 : 2;
      default:
        throw new UsageError(`Unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      console.error(`kehu: ${err.message}\n\n${usage}`);
      return 2;
    }
    if (err instanceof AppError) {
      const fields = err.fields.map((f) => `  ${f.path}: ${translateIssue('en-US', { code: f.code, message: f.messageKey })}`);
      console.error([`kehu: ${translate('en-US', err.titleKey, err.params)}`, ...fields].join('\n'));
      return 1;
    }
    console.error(err);
    return 1;
  }
}

/** The CLI acts with full rights; its audit rows name it. */
function systemActor() {
  return {
    userId: '00000000-0000-7000-8000-000000000000',
    name: 'kehu CLI',
    email: 'cli@localhost',
    teamId: null,
    isAdmin: true,
    permissions: new Set<string>(allPermissions),
    scopes: {},
    via: 'session' as const,
    sessionId: null,
    apiKeyId: null,
  };
}
