// The one ordered history of the schema. Migrations are frozen once landed.
import type { Kysely } from 'kysely';
import type { Dialect } from '../../platform/db/connect.js';
import { migration as m0001 } from './0001_foundation.js';
import { migration as m0002 } from './0002_customers.js';
import { migration as m0003 } from './0003_customer_match_keys.js';
import { migration as m0004 } from './0004_custom_fields.js';
import { migration as m0005 } from './0005_imports.js';
import { migration as m0006 } from './0006_customer_merge.js';
import { migration as m0007 } from './0007_saved_views.js';
import { migration as m0008 } from './0008_exports.js';
import { migration as m0009 } from './0009_picklists.js';
import { migration as m0010 } from './0010_contact_consents.js';
import { migration as m0011 } from './0011_search_index.js';
import { migration as m0012 } from './0012_activities.js';
import { migration as m0013 } from './0013_sales.js';
import { migration as m0014 } from './0014_leads.js';
import { migration as m0015 } from './0015_forecasts.js';
import { migration as m0016 } from './0016_customer_pools.js';
import { migration as m0017 } from './0017_lead_activities.js';
import { migration as m0018 } from './0018_opportunity_watchers.js';
import { migration as m0019 } from './0019_opportunity_indexes.js';

export interface KehuMigration {
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

export const migrations: Record<string, KehuMigration> = {
  '0001_foundation': m0001,
  '0002_customers': m0002,
  '0003_customer_match_keys': m0003,
  '0004_custom_fields': m0004,
  '0005_imports': m0005,
  '0006_customer_merge': m0006,
  '0007_saved_views': m0007,
  '0008_exports': m0008,
  '0009_picklists': m0009,
  '0010_contact_consents': m0010,
  '0011_search_index': m0011,
  '0012_activities': m0012,
  '0013_sales': m0013,
  '0014_leads': m0014,
  '0015_forecasts': m0015,
  '0016_customer_pools': m0016,
  '0017_lead_activities': m0017,
  '0018_opportunity_watchers': m0018,
  '0019_opportunity_indexes': m0019,
};
