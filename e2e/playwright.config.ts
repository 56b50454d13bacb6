import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// One fresh server on a temporary data dir per run: the journeys start from an empty Kehu.
const dataDir = mkdtempSync(path.join(tmpdir(), 'kehu-e2e-'));
const port = Number(process.env.KEHU_E2E_PORT ?? 3210);
export const baseURL = `http://127.0.0.1:${port}`;

const chromium = {
  executablePath: process.env.KEHU_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

const desktop = { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 }, launchOptions: chromium };

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: './test-results',
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/report.json' }]],
  use: {
    baseURL,
    launchOptions: chromium,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  // Files run in name order, so the set-up journeys get a project of their own: every later
  // desktop spec starts from the organization and the people foundation.spec.ts created.
  projects: [
    { name: 'foundation', testMatch: 'foundation.spec.ts', grepInvert: /@phone/, use: desktop },
    { name: 'desktop', testIgnore: ['foundation.spec.ts', 'custom-fields.spec.ts'], dependencies: ['foundation'], grepInvert: /@phone/, use: desktop },
    // Custom fields come after the other desktop journeys: a required field would change what
    // their forms ask, and its customer would change the counts they expect.
    { name: 'desktop-custom-fields', testMatch: 'custom-fields.spec.ts', dependencies: ['desktop'], grepInvert: /@phone/, use: desktop },
    {
      name: 'phone',
      dependencies: ['desktop'],
      grep: /@phone/,
      use: { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, launchOptions: chromium },
    },
  ],
  webServer: {
    command: 'node ../packages/server/bin/kehu.js start',
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { PORT: String(port), HOST: '127.0.0.1', KEHU_DATA_DIR: dataDir, KEHU_LOG_LEVEL: 'warn', DATABASE_URL: '' },
  },
});
