#!/usr/bin/env node
// `npm test`: every suite this machine can run — server unit and integration tests on
// SQLite and (with KEHU_TEST_PG_URL) PostgreSQL, the web app's type check and build,
// and the browser journeys (when Chromium is installed) — and says plainly what it
// skipped and why. With KEHU_REQUIRE_ALL_SUITES=1 a skipped suite fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const requireAll = process.env.KEHU_REQUIRE_ALL_SUITES === '1';
const chromium = process.env.KEHU_CHROMIUM || '/usr/bin/chromium';
const totals = { passed: 0, failed: 0, skipped: 0 };
const skippedSuites = [];
let failedSteps = 0;

function step(title, cmd, args, env = {}) {
  console.log(`\n=== ${title}`);
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (res.status !== 0) {
    failedSteps++;
    console.log(`--- ${title}: FAILED (exit ${res.status})`);
  }
  return res.status === 0;
}

function skip(suite, why) {
  skippedSuites.push(`${suite}: ${why}`);
  console.log(`\n=== SKIPPED ${suite} — ${why}`);
}

function countVitest(file) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + r.numTodoTests;
}

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const s = JSON.parse(readFileSync(file, 'utf8')).stats;
  totals.passed += s.expected + s.flaky;
  totals.failed += s.unexpected;
  totals.skipped += s.skipped;
}

const out = mkdtempSync(path.join(tmpdir(), 'kehu-test-report-'));

if (!process.env.KEHU_TEST_PG_URL) skip('PostgreSQL integration runs', 'KEHU_TEST_PG_URL is not set (set it to a postgres:// URL of a scratch database)');
const vitestReport = path.join(out, 'vitest.json');
step('server: unit and integration tests', 'npx', ['vitest', 'run', '--root', 'packages/server', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]);
countVitest(vitestReport);

step('types: shared and server', 'npx', ['tsc', '-b', 'packages/shared', 'packages/server']);
step('web: type check', 'npm', ['run', 'typecheck', '-w', '@kehu/web']);

if (process.env.KEHU_TEST_E2E === 'off') {
  console.log('\n=== browser journeys run separately (KEHU_TEST_E2E=off): npm run test:e2e');
} else if (!existsSync(chromium)) {
  skip('browser journeys (e2e)', `Chromium not found at ${chromium} (apt-get install -y chromium)`);
} else if (step('build for the browser journeys', 'npm', ['run', 'build'])) {
  const pwReport = path.join(out, 'playwright.json');
  step('browser journeys (e2e)', 'npm', ['test', '-w', '@kehu/e2e'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwReport });
  countPlaywright(pwReport);
}

rmSync(out, { recursive: true, force: true });
console.log('');
if (skippedSuites.length) console.log(`Skipped suites:\n  - ${skippedSuites.join('\n  - ')}`);
const skippedFail = requireAll && skippedSuites.length > 0;
if (skippedFail) console.log('KEHU_REQUIRE_ALL_SUITES=1: a skipped suite fails the run.');
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps || totals.failed || skippedFail ? 1 : 0);
