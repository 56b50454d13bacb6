// Opens the database and brings it up to date: what every process (server, worker, CLI) does first.
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { systemCtx, type Platform } from './context.js';
import { systemClock, type Clock } from './clock.js';
import { syncBuiltinRoles } from '../modules/identity/roles.service.js';
import { scheduleHousekeeping } from './housekeeping.js';
import { prepareCustomers, scheduleCustomerJobs } from '../modules/customers/jobs.js';
import { scheduleActivityJobs } from '../modules/activities/jobs.js';
import { prepareSales } from '../modules/sales/jobs.js';

export interface Booted {
  platform: Platform;
  database: Database;
  log: Logger;
}

export async function boot(config: Config, opts: { clock?: Clock; log?: Logger } = {}): Promise<Booted> {
  const log = opts.log ?? pino({ level: config.logLevel });
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrateToLatest(database);
  if (applied.length) log.info({ applied }, 'database migrated');
  const platform: Platform = { db: database.db, dialect: database.dialect, clock: opts.clock ?? systemClock, config };
  const ctx = systemCtx(platform);
  await syncBuiltinRoles(ctx);
  await scheduleHousekeeping(ctx);
  await prepareCustomers(ctx);
  await scheduleCustomerJobs(ctx);
  await scheduleActivityJobs(ctx);
  await prepareSales(ctx);
  return { platform, database, log };
}
