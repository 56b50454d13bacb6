// Reads the environment once; everything else receives a Config.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  logLevel: string;
  publicUrl: string;
  secretKey: Buffer;
  worker: boolean;
  rateLimitPerMinute: number;
  smtpUrl: string | null;
  /** The From of outgoing mail (KEHU_MAIL_FROM). */
  mailFrom: string;
  webDist: string | null;
  metricsToken: string | null;
}

export class ConfigError extends Error {}

function intFrom(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

/** The secret for field encryption and token hashing: given, or generated once into the data dir. */
function loadSecretKey(dataDir: string, given: string | undefined): Buffer {
  if (given) {
    const key = Buffer.from(given, given.length === 64 && /^[0-9a-f]+$/i.test(given) ? 'hex' : 'base64');
    if (key.length < 32) throw new ConfigError('KEHU_SECRET_KEY must hold at least 32 bytes (64 hex or 44 base64 characters)');
    return key.subarray(0, 32);
  }
  const file = path.join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = intFrom('PORT', env.PORT, 3000);
  const host = env.HOST || '127.0.0.1';
  const dataDir = path.resolve(env.KEHU_DATA_DIR || 'data');
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL (leave it unset for the embedded SQLite database)');
  }
  const worker = (env.KEHU_WORKER ?? 'on') !== 'off';
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    logLevel: env.KEHU_LOG_LEVEL || 'info',
    publicUrl: (env.KEHU_PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, ''),
    secretKey: loadSecretKey(dataDir, env.KEHU_SECRET_KEY),
    worker,
    rateLimitPerMinute: intFrom('KEHU_RATE_LIMIT', env.KEHU_RATE_LIMIT, 1200),
    smtpUrl: env.KEHU_SMTP_URL || null,
    mailFrom: env.KEHU_MAIL_FROM || 'Kehu CRM <no-reply@localhost>',
    webDist: env.KEHU_WEB_DIST ?? null,
    metricsToken: env.KEHU_METRICS_TOKEN || null,
  };
}
