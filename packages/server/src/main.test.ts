import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from './main.js';

describe('kehu CLI', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kehu-cli-'));
    vi.stubEnv('KEHU_DATA_DIR', dir);
    vi.stubEnv('KEHU_LOG_LEVEL', 'silent');
    vi.stubEnv('DATABASE_URL', '');
    out = [];
    err = [];
    vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects unknown commands and bad arguments with exit code 2 and a reason', async () => {
    expect(await run(['launch'])).toBe(2);
    expect(err.join('\n')).toContain('Unknown command "launch"');
    expect(await run(['user', 'create', '--email', 'x@example.com'])).toBe(2);
    expect(err.join('\n')).toContain('--password is required');
    expect(await run(['user', 'create', '--bogus'])).toBe(2);
    expect(await run(['api-key', 'create', '--user', 'a@b.c', '--name', 'k', '--scopes', 'users:read,fly:away'])).toBe(2);
    expect(err.join('\n')).toContain('Unknown scope(s): fly:away');
  });

  it('refuses a malformed DATABASE_URL', async () => {
    vi.stubEnv('DATABASE_URL', 'mysql://localhost/x');
    expect(await run(['migrate'])).toBe(2);
    expect(err.join('\n')).toContain('DATABASE_URL must be a postgres:// URL');
  });

  it('migrates, creates users and API keys, and seeds demo data', async () => {
    expect(await run(['migrate'])).toBe(0);
    expect(await run(['seed', '--demo'])).toBe(0);
    expect(out.join('\n')).toContain('admin@demo.kehu.local');
    expect(out.join('\n')).toMatch(/200 new customers, [1-9]\d{2,} new activities, [1-9]\d+ new opportunities/);
    expect(await run(['user', 'create', '--email', 'Rep@Example.com', '--password', 'Sales-pass-2026', '--name', '李四', '--role', 'sales_rep'])).toBe(0);
    expect(out.join('\n')).toContain('Created user rep@example.com');
    expect(await run(['user', 'create', '--email', 'x@example.com', '--password', 'X-pass-2026x', '--name', 'X', '--role', 'pilot'])).toBe(2);
    expect(await run(['api-key', 'create', '--user', 'rep@example.com', '--name', 'ERP'])).toBe(0);
    expect(out.join('\n')).toMatch(/kehu_\w+_[\w-]+/);
    expect(await run(['api-key', 'create', '--user', 'nobody@example.com', '--name', 'ERP'])).toBe(2);
    // Seeding twice adds nothing twice.
    expect(await run(['seed', '--demo'])).toBe(0);
    expect(out.at(-1)).toContain('0 new users in 6 teams, 0 new customers, 0 new activities, 0 new opportunities');
  });
});
