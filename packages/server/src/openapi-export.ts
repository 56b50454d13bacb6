// Writes the committed openapi.json (`npm run openapi`); a test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { testApp } from './test/harness.js';

export const openapiFile = fileURLToPath(new URL('../openapi.json', import.meta.url));

const t = await testApp('sqlite');
try {
  writeFileSync(openapiFile, `${JSON.stringify(t.app.swagger(), null, 2)}\n`);
  console.log(`Wrote ${openapiFile}`);
} finally {
  await t.close();
}
