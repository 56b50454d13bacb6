// Test harness: a real app on a fresh SQLite file or a fresh PostgreSQL schema,
// and clients that sign in and keep cookies like a browser does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import pg from 'pg';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type KehuApp } from '../app.js';
import { boot } from '../platform/boot.js';
import { loadConfig, type Config } from '../platform/config.js';
import { ManualClock, systemClock, type Clock } from '../platform/clock.js';
import type { Platform } from '../platform/context.js';
import type { Dialect } from '../platform/db/connect.js';
import { newId } from '../platform/crypto.js';
import { Worker } from '../platform/worker.js';

export const PG_URL = process.env.KEHU_TEST_PG_URL;

/** SQLite always; PostgreSQL when KEHU_TEST_PG_URL is set. */
export function dialects(): Dialect[] {
  return PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestDatabase {
  config: Config;
  drop(): Promise<void>;
}

/** A private database: a temp dir for SQLite, a new schema on PostgreSQL. */
export async function testDatabase(dialect: Dialect): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kehu-test-'));
  let databaseUrl: string | null = null;
  let schema: string | null = null;
  if (dialect === 'postgres') {
    if (!PG_URL) throw new Error('KEHU_TEST_PG_URL is not set');
    schema = `t_${newId().replace(/-/g, '')}`;
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`create schema ${schema}`);
    await client.end();
    const url = new URL(PG_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
  }
  const config = {
    ...loadConfig({ KEHU_DATA_DIR: dataDir, KEHU_LOG_LEVEL: 'silent', KEHU_WORKER: 'off', KEHU_RATE_LIMIT: '100000' }),
    databaseUrl,
  };
  return {
    config,
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
      if (schema) {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`drop schema ${schema} cascade`);
        await client.end();
      }
    },
  };
}

export interface TestApp {
  app: KehuApp;
  platform: Platform;
  clock: ManualClock;
  worker: Worker;
  client(opts?: { ip?: string; locale?: string }): Client;
  /** Runs setup and returns the signed-in admin. */
  setupAdmin(): Promise<Client>;
  close(): Promise<void>;
}

const silent = pino({ level: 'silent' });

/** `now` starts the app's clock at a fixed time, so schedules made at boot follow the test's calendar. */
export async function testApp(dialect: Dialect, opts: { database?: TestDatabase; now?: string } = {}): Promise<TestApp> {
  const database = opts.database ?? (await testDatabase(dialect));
  const clock = new ManualClock(opts.now ? new Date(opts.now) : new Date());
  const booted = await boot(database.config, { clock, log: silent });
  const app = await buildApp(booted.platform, { logger: false });
  await app.ready();
  const worker = new Worker(booted.platform, silent);
  const t: TestApp = {
    app,
    platform: booted.platform,
    clock,
    worker,
    client: (o) => new Client(app, o, clock),
    async setupAdmin() {
      const admin = new Client(app, {}, clock);
      const res = await admin.post('/api/v1/setup', {
        organizationName: '华信科技有限公司',
        defaultLocale: 'zh-CN',
        currency: 'CNY',
        timeZone: 'Asia/Shanghai',
        admin: { name: '管理员', email: 'admin@example.com', password: 'Strong-pass-2026' },
      });
      if (res.statusCode !== 201) throw new Error(`setup failed: ${res.body}`);
      return admin;
    },
    async close() {
      await app.close();
      await booted.database.close();
      if (!opts.database) await database.drop();
    },
  };
  return t;
}

/** A user agent: keeps cookies and sends the CSRF token on writes, like the web app. */
export class Client {
  cookies = new Map<string, string>();
  csrf: string | null = null;
  bearer: string | null = null;
  constructor(
    private readonly app: KehuApp,
    private readonly opts: { ip?: string; locale?: string } = {},
    // Cookies expire by the app's clock: tests move it, and a browser's clock agrees with the server's.
    private readonly clock: Clock = systemClock,
  ) {}

  static withApiKey(app: KehuApp, key: string): Client {
    const c = new Client(app);
    c.bearer = key;
    return c;
  }

  async request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers };
    if (this.opts.locale) h['accept-language'] = this.opts.locale;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    const res = await this.app.inject({ method, url, payload: body as never, headers: h, remoteAddress: this.opts.ip ?? '127.0.0.1' });
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && new Date(c.expires).getTime() < this.clock.now().getTime())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const json = tryJson(res);
    if (json && typeof json === 'object' && 'csrfToken' in json && typeof json.csrfToken === 'string') this.csrf = json.csrfToken;
    return Object.assign(res, { json: () => json as any });
  }
  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }
  post(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', url, body ?? {}, headers);
  }
  put(url: string, body: unknown, headers?: Record<string, string>) {
    return this.request('PUT', url, body, headers);
  }
  patch(url: string, body: unknown, headers?: Record<string, string>) {
    return this.request('PATCH', url, body, headers);
  }
  delete(url: string, headers?: Record<string, string>) {
    return this.request('DELETE', url, undefined, headers);
  }
  /** A multipart/form-data POST, as a browser sends a file input. */
  upload(url: string, fields: Record<string, string>, file: { name: string; content: Buffer | string }) {
    const boundary = `----kehu${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    for (const [name, value] of Object.entries(fields)) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    }
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
    return this.request('POST', url, Buffer.concat(parts), { 'content-type': `multipart/form-data; boundary=${boundary}` });
  }
  async login(email: string, password: string) {
    const res = await this.post('/api/v1/auth/login', { email, password });
    if (res.statusCode !== 200) throw new Error(`login failed for ${email}: ${res.body}`);
    return this;
  }
}

function tryJson(res: LightMyRequestResponse): unknown {
  try {
    return res.body ? JSON.parse(res.body) : null;
  } catch {
    return null;
  }
}

/** Creates a user as the admin and returns a signed-in client for them. */
export async function createUserAndLogin(
  t: TestApp,
  admin: Client,
  input: { email: string; name: string; roleKey: string; teamId?: string | null; phone?: string },
): Promise<{ client: Client; id: string }> {
  const roles = (await admin.get('/api/v1/roles')).json().data as { id: string; key: string | null }[];
  const role = roles.find((r) => r.key === input.roleKey);
  if (!role) throw new Error(`no role ${input.roleKey}`);
  const password = 'User-pass-2026';
  const res = await admin.post('/api/v1/users', {
    email: input.email, name: input.name, password, roleIds: [role.id], teamId: input.teamId ?? null, phone: input.phone,
  });
  if (res.statusCode !== 201) throw new Error(`create user failed: ${res.body}`);
  const client = await t.client().login(input.email, password);
  return { client, id: res.json().id };
}
