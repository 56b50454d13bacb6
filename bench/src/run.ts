// `npm run bench`: starts the built server as its own process on a scratch database,
// fills it, and measures the API against the design targets. Figures go to RESULTS.md.
//   BENCH_USERS=20000            how many users to generate
//   BENCH_CUSTOMERS=1000000       how many customers (each with two contacts)
//   BENCH_IMPORT_ROWS=100000      rows of the CSV imported end to end through the API
//   BENCH_ACTIVITIES=5×customers  activities (one customer gets a 5,000-item timeline); 25 tasks per user
//   BENCH_LEADS=1000000          leads (scored, owned, with match keys)
//   BENCH_OPPORTUNITIES=500000   opportunities over the default pipeline, a quarter won or lost
//   BENCH_DATABASE_URL=postgres:// measure on PostgreSQL (a scratch database!) instead of SQLite
// Zero skips a part: BENCH_ACTIVITIES=0 BENCH_IMPORT_ROWS=0 measures the sales figures alone.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { seedUsers } from './seed-users.js';
import { seedCustomers } from './seed-customers.js';
import { seedActivities } from './seed-activities.js';
import { seedSales } from './seed-sales.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const users = Number(process.env.BENCH_USERS ?? 20_000);
const customers = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const contactsPerCustomer = 2;
const importRows = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const activityCount = Number(process.env.BENCH_ACTIVITIES ?? customers * 5);
const leadCount = Number(process.env.BENCH_LEADS ?? 1_000_000);
const opportunityCount = Number(process.env.BENCH_OPPORTUNITIES ?? 500_000);
const bigTimeline = 5000;
const tasksPerUser = 25;
const pgUrl = process.env.BENCH_DATABASE_URL ?? '';
// On PostgreSQL the run gets a schema of its own, dropped afterwards.
const pgSchema = `bench_${Date.now()}`;
const databaseUrl = pgUrl ? withSearchPath(pgUrl, pgSchema) : '';

function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

async function pgAdmin(statement: string) {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(statement);
  await client.end();
}
const port = 3290;
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'kehu-bench-'));
const env = { ...process.env, PORT: String(port), KEHU_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, KEHU_LOG_LEVEL: 'warn', KEHU_RATE_LIMIT: '10000000' };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function waitFor(url: string) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not come up at ${url}`);
}

/** p50/p95 of one request repeated sequentially (latency without queueing). */
async function latency(label: string, url: string, headers: Record<string, string>, n = 300) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${label}: HTTP ${res.status}`);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { label, p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** A generated CSV of new customers, uploaded, started and waited for like the web app does. */
async function importCsv(headers: Record<string, string>, rows: number) {
  const lines = ['客户名称,电话,邮箱,等级,标签'];
  for (let i = 0; i < rows; i++) lines.push(`导入基准${i}贸易有限公司,0571-${String(10_000_000 + i).slice(-8)},imp${i}@bench.example,${'ABCD'[i % 4]},基准`);
  const form = new FormData();
  form.append('object', 'customers');
  form.append('file', new Blob([lines.join('\n')], { type: 'text/csv' }), 'bench.csv');
  const csrf = await (await fetch(`${base}/api/v1/me`, { headers })).json() as { csrfToken?: string };
  const write = { ...headers, 'x-csrf-token': csrf.csrfToken ?? '' };
  const t0 = performance.now();
  const uploaded = await fetch(`${base}/api/v1/imports`, { method: 'POST', body: form, headers: write });
  if (!uploaded.ok) throw new Error(`import upload: ${await uploaded.text()}`);
  const imp = (await uploaded.json()) as { id: string; mapping: (string | null)[] };
  const t1 = performance.now();
  const started = await fetch(`${base}/api/v1/imports/${imp.id}/start`, {
    method: 'POST', headers: { ...write, 'content-type': 'application/json' }, body: JSON.stringify({ mapping: imp.mapping, duplicateMode: 'create' }),
  });
  if (!started.ok) throw new Error(`import start: ${await started.text()}`);
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const state = (await (await fetch(`${base}/api/v1/imports/${imp.id}`, { headers })).json()) as { status: string; created: number; rejected: number; processed: number };
    if (state.status === 'done' || state.status === 'failed') {
      return { uploadSeconds: (t1 - t0) / 1000, jobSeconds: (performance.now() - t1) / 1000, created: state.created, rejected: state.rejected };
    }
  }
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

if (pgUrl) await pgAdmin(`create schema ${pgSchema}`);
console.log(`Seeding ${users} users on ${databaseUrl ? 'PostgreSQL' : 'SQLite'}…`);
const seeded = await seedUsers({ dataDir, databaseUrl: databaseUrl || null, users });
console.log(`Seeding ${customers} customers with ${contactsPerCustomer} contacts each…`);
const seededCustomers = await seedCustomers({ dataDir, databaseUrl: databaseUrl || null, customers, contactsPerCustomer });
console.log(`Seeding ${activityCount} activities and ${tasksPerUser} tasks per user…`);
const seededActivities = activityCount > 0
  ? await seedActivities({ dataDir, databaseUrl: databaseUrl || null, activities: activityCount, bigTimeline, bigCustomerId: seededCustomers.sample.id, tasksPerUser })
  : null;
console.log(`Seeding ${leadCount} leads and ${opportunityCount} opportunities…`);
const seededSales = await seedSales({ dataDir, databaseUrl: databaseUrl || null, leads: leadCount, opportunities: opportunityCount });
const server = spawn(process.execPath, [path.join(root, 'packages/server/bin/kehu.js'), 'start'], { env, stdio: 'inherit' });
try {
  await waitFor(`${base}/healthz`);
  const signIn = async (email: string) => {
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: seeded.password }),
    });
    if (!login.ok) throw new Error(`login failed: ${await login.text()}`);
    return { cookie: login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
  };
  const headers = await signIn(seeded.adminEmail);

  const loadAtStart = loadavg()[0]!;
  const results = [
    await latency('users list, first page', `${base}/api/v1/users?limit=50`, headers),
    await latency('users list, search "张"', `${base}/api/v1/users?limit=50&q=${encodeURIComponent('张')}`, headers),
    await latency('users list, team filter', `${base}/api/v1/users?limit=50&teamId=${seeded.teamId}`, headers),
    await latency('me', `${base}/api/v1/me`, headers),
  ];
  const { sample } = seededCustomers;
  const sampleId = sample.id;
  const customerResults = [
    await latency('customers list, newest first', `${base}/api/v1/customers?limit=50`, headers),
    await latency('customers list, grade A, by name', `${base}/api/v1/customers?limit=50&grade=A&sort=name`, headers),
    await latency('customers list, tag filter', `${base}/api/v1/customers?limit=50&tag=${encodeURIComponent('展会')}`, headers),
    await latency('search, 2-character Chinese substring', `${base}/api/v1/search?q=${encodeURIComponent(sample.name.slice(2, 4))}`, headers, 50),
    await latency('search, pinyin initials "zw"', `${base}/api/v1/search?q=zw`, headers, 50),
    await latency('search, last 4 phone digits', `${base}/api/v1/search?q=${sample.phone.slice(-4)}`, headers, 50),
    await latency('360: customer', `${base}/api/v1/customers/${sampleId}`, headers),
    await latency('360: contacts', `${base}/api/v1/contacts?customerId=${sampleId}`, headers),
    await latency('360: history', `${base}/api/v1/customers/${sampleId}/history`, headers),
  ];
  const getJson = async (url: string, h: Record<string, string>) => (await fetch(url, { headers: h })).json() as Promise<{ data: { id: string }[]; nextCursor: string | null }>;
  const rep = await signIn('user1@bench.kehu.local');
  let activityResults: Awaited<ReturnType<typeof latency>>[] = [];
  if (seededActivities) {
    const typicalId = (await getJson(`${base}/api/v1/customers?limit=1&sort=name`, headers)).data[0]!.id;
    // A cursor half way down the long timeline: what scrolling far back asks for.
    let deepCursor: string | null = null;
    for (let i = 0; i < 12; i++) deepCursor = (await getJson(`${base}/api/v1/customers/${sampleId}/timeline?limit=200${deepCursor ? `&cursor=${deepCursor}` : ''}`, headers)).nextCursor;
    activityResults = [
      await latency('timeline: a customer, first page', `${base}/api/v1/customers/${typicalId}/timeline?limit=50`, headers),
      await latency(`timeline: ${bigTimeline.toLocaleString('en-US')} items, first page`, `${base}/api/v1/customers/${sampleId}/timeline?limit=50`, headers),
      await latency(`timeline: ${bigTimeline.toLocaleString('en-US')} items, 2,400 items down`, `${base}/api/v1/customers/${sampleId}/timeline?limit=50&cursor=${deepCursor}`, headers),
      await latency('timeline: only activities, first page', `${base}/api/v1/customers/${sampleId}/timeline?limit=50&types=activity`, headers),
      await latency('my tasks: overdue', `${base}/api/v1/tasks?bucket=overdue`, rep),
      await latency('my tasks: today', `${base}/api/v1/tasks?bucket=today`, rep),
      await latency('my tasks: upcoming', `${base}/api/v1/tasks?bucket=upcoming`, rep),
      await latency('my tasks: counts per tab', `${base}/api/v1/tasks/counts`, rep),
      await latency('calendar: my month', `${base}/api/v1/calendar?from=${new Date(Date.now() - 15 * 86_400_000).toISOString()}&to=${new Date(Date.now() + 15 * 86_400_000).toISOString()}`, rep),
    ];
  }
  const pipelineId = seededSales.pipelineId;
  const salesResults = [
    await latency('leads: open, best score first', `${base}/api/v1/leads?open=true&limit=50`, headers),
    await latency('leads: hot band', `${base}/api/v1/leads?band=hot&limit=50`, headers),
    await latency('leads: a rep\'s own, best first', `${base}/api/v1/leads?open=true&limit=50`, rep),
    await latency('leads: search a company name', `${base}/api/v1/leads?q=${encodeURIComponent('杭州启明')}&limit=50`, headers, 50),
    await latency('kanban board: all opportunities', `${base}/api/v1/opportunities/board?pipelineId=${pipelineId}`, headers, 50),
    await latency('kanban board: a rep\'s own', `${base}/api/v1/opportunities/board?pipelineId=${pipelineId}`, rep, 50),
    await latency('pipeline funnel and win figures, last 12 months', `${base}/api/v1/pipeline-stats?pipelineId=${pipelineId}`, headers, 20),
    await latency('forecast: this quarter, every rep', `${base}/api/v1/forecasts?periodKind=quarter`, headers, 20),
    await latency('forecast: this year, every rep', `${base}/api/v1/forecasts?periodKind=year`, headers, 20),
    await latency('forecast: a rep\'s quarter', `${base}/api/v1/forecasts?periodKind=quarter`, rep, 50),
  ];
  const imported = importRows > 0 ? await importCsv(headers, importRows) : null;
  const customerLoad = await autocannon({ url: `${base}/api/v1/customers?limit=50`, connections: 20, duration: 10, headers });
  const load = await autocannon({ url: `${base}/api/v1/users?limit=50`, connections: 20, duration: 10, headers });
  const memory = rssMb(server.pid!);

  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} cores, Node ${process.versions.node}, load average ${loadAtStart.toFixed(1)} when measuring began`;
  const db = databaseUrl ? 'PostgreSQL' : 'SQLite';
  const lines = [
    '',
    `### ${date} — ${users.toLocaleString('en-US')} users, ${customers.toLocaleString('en-US')} customers, ${db} (${machine})`,
    '',
    '| measure | p50 ms | p95 ms | target |',
    '|---|---|---|---|',
    ...results.map((r) => `| ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | list p95 ≤ 20 ms |`),
    '',
    `Users list at concurrency 20 for 10 s: **${Math.round(load.requests.average)} requests/s** (target ≥ 2,000), ` +
      `latency p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms, ${load.non2xx} non-2xx. Server RSS after the run: **${memory.toFixed(0)} MB** (target ≤ 300 MB).`,
    '',
    `#### Customers: ${customers.toLocaleString('en-US')} customers, ${(customers * contactsPerCustomer).toLocaleString('en-US')} contacts (seeded in ${seededCustomers.seconds.toFixed(0)} s by direct inserts)`,
    '',
    '| measure | p50 ms | p95 ms | target |',
    '|---|---|---|---|',
    ...customerResults.map((r) => `| ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.label.startsWith('search') ? 'search p95 ≤ 50 ms' : r.label.startsWith('360') ? '360 p95 ≤ 30 ms' : 'list p95 ≤ 20 ms'} |`),
    '',
    `Customers list at concurrency 20 for 10 s: **${Math.round(customerLoad.requests.average)} requests/s** (target ≥ 2,000), latency p50 ${customerLoad.latency.p50} ms, p99 ${customerLoad.latency.p99} ms, ${customerLoad.non2xx} non-2xx.`,
    '',
    ...(seededActivities
      ? [
          `#### Activities: ${seededActivities.activities.toLocaleString('en-US')} activities, ${seededActivities.tasks.toLocaleString('en-US')} tasks (seeded in ${seededActivities.seconds.toFixed(0)} s by direct inserts)`,
          '',
          '| measure | p50 ms | p95 ms | target |',
          '|---|---|---|---|',
          ...activityResults.map((r) => `| ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | list p95 ≤ 20 ms |`),
          '',
        ]
      : []),
    `#### Sales: ${seededSales.leads.toLocaleString('en-US')} leads, ${seededSales.opportunities.toLocaleString('en-US')} opportunities (seeded in ${seededSales.seconds.toFixed(0)} s by direct inserts)`,
    '',
    '| measure | p50 ms | p95 ms | target |',
    '|---|---|---|---|',
    ...salesResults.map((r) => `| ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${/funnel|forecast/.test(r.label) ? 'dashboard ≤ 1 s' : 'list p95 ≤ 20 ms'} |`),
    '',
    ...(imported
      ? [
          `Import of a ${importRows.toLocaleString('en-US')}-row CSV through the API (upload, validate, dedupe against the base, insert with audit, events and match keys, row outcomes): ` +
            `upload and read **${imported.uploadSeconds.toFixed(1)} s**, job **${imported.jobSeconds.toFixed(1)} s** (${Math.round(importRows / imported.jobSeconds).toLocaleString('en-US')} rows/s), ${imported.created.toLocaleString('en-US')} created, ${imported.rejected} rejected. ` +
            `Target: 1,000,000 rows in ≤ 60 s.`,
          '',
        ]
      : []),
  ];
  console.log(lines.join('\n'));
  appendFileSync(path.join(root, 'bench/RESULTS.md'), lines.join('\n'));
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
  if (pgUrl) await pgAdmin(`drop schema ${pgSchema} cascade`);
}
