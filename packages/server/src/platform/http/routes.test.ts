import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, testDatabase, type TestApp } from '../../test/harness.js';

/** Routes anyone may call: health, metrics (guarded by its own token), setup, login, the API description, web forms. */
const allowList = new Set([
  'GET /healthz',
  // A calendar app's subscription: the secret in the address is the credential (unknown: 404).
  'GET /api/v1/calendar/feed/:file',
  'GET /metrics',
  'GET /api/v1/setup',
  'POST /api/v1/setup',
  'POST /api/v1/auth/login',
  'GET /api/v1/openapi.json',
  // Web-to-lead forms: anonymous visitors load a form and send it (rate-limited, bot-screened).
  'GET /api/v1/public/lead-forms/:id',
  'POST /api/v1/public/lead-forms/:id/submissions',
  'GET /forms/form.js',
  'GET /forms/:id',
]);
/** Swagger UI's pages and the web app's static files are public by nature. */
const isStatic = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/') || url === '/' || url === '/*';

describe('authentication on every route', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('sqlite');
    await t.setupAdmin();
  });
  afterAll(async () => {
    await t.close();
  });

  it('marks public exactly the allow-listed routes', () => {
    const publicRoutes = t.app.routeTable.filter((r) => r.public && !isStatic(r.url)).map((r) => `${r.method} ${r.url}`);
    expect(new Set(publicRoutes)).toEqual(allowList);
  });

  it('answers 401 problem+json on each other route without credentials', async () => {
    const protectedRoutes = t.app.routeTable.filter((r) => !allowList.has(`${r.method} ${r.url}`) && !isStatic(r.url));
    expect(protectedRoutes.length).toBeGreaterThan(20);
    for (const r of protectedRoutes) {
      const url = r.url.replace(/:(\w+)/g, '01900000-0000-7000-8000-000000000000');
      const hasBody = !['GET', 'DELETE'].includes(r.method);
      const res = await t.app.inject({ method: r.method as 'GET', url, ...(hasBody ? { payload: {} } : {}) });
      expect.soft(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect.soft(res.headers['content-type'], `${r.method} ${r.url}`).toContain('application/problem+json');
    }
  });

  it('publishes OpenAPI 3.1 listing every API route', async () => {
    const spec = (await t.client().get('/api/v1/openapi.json')).json();
    expect(spec.openapi).toBe('3.1.0');
    const validation = await new Validator().validate(spec);
    expect(validation.errors ?? []).toEqual([]);
    expect(validation.valid).toBe(true);
    const documented = new Set(
      Object.entries(spec.paths as Record<string, object>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    const apiRoutes = t.app.routeTable.filter((r) => r.url.startsWith('/api/v1/') && !r.hidden);
    for (const r of apiRoutes) expect(documented, `${r.method} ${r.url}`).toContain(`${r.method} ${r.url}`);
    for (const op of Object.values(spec.paths['/api/v1/users'] as Record<string, { responses: object }>)) {
      expect(Object.keys(op.responses).length).toBeGreaterThan(0);
    }
  });

  it('matches the committed openapi.json (run `npm run openapi` after changing the API)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../../openapi.json', import.meta.url), 'utf8'));
    expect(JSON.parse(JSON.stringify(t.app.swagger()))).toEqual(committed);
  });

  it('serves health, metrics to this machine, and the docs page', async () => {
    expect((await t.client().get('/healthz')).json()).toMatchObject({ status: 'ok' });
    const metrics = await t.client().get('/metrics');
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('kehu_http_request_duration_seconds');
    expect((await t.client({ ip: '203.0.113.7' }).get('/metrics')).statusCode).toBe(403);
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('sends security headers with a strict script policy', async () => {
    const res = await t.client().get('/healthz');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses oversized bodies with 413 and unknown API paths with 404 problems', async () => {
    const big = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) } });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('payload_too_large');
    const missing = await t.client().get('/api/v1/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('route_not_found');
  });
});

describe('rate limiting', () => {
  it('answers 429 problem+json once a caller exceeds the per-minute limit', async () => {
    const database = await testDatabase('sqlite');
    database.config.rateLimitPerMinute = 3;
    const t = await testApp('sqlite', { database });
    try {
      const c = t.client({ ip: '198.51.100.4' });
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await c.get('/api/v1/setup')).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      const limited = await c.get('/api/v1/setup');
      expect(limited.json()).toMatchObject({ code: 'rate_limited', status: 429 });
      expect(limited.headers['retry-after']).toBeDefined();
      // Another caller is not affected.
      expect((await t.client({ ip: '198.51.100.5' }).get('/api/v1/setup')).statusCode).toBe(200);
    } finally {
      await t.close();
      await database.drop();
    }
  });
});
