// Sales forecasts: quotas per user or team and period, the append-only history of
// managers' forecast adjustments, and the indexes the forecast and pipeline figures read.
import type { Kysely } from 'kysely';
import type { KehuMigration } from './index.js';

export const migration: KehuMigration = {
  async up(db: Kysely<any>, dialect) {
    const t = dialect === 'postgres'
      ? { time: 'timestamptz', money: 'bigint' } as const
      : { time: 'text', money: 'integer' } as const;
    const index = (name: string, table: string, columns: string[]) => db.schema.createIndex(name).on(table).columns(columns).execute();

    await db.schema.createTable('quotas')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_kind', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('period_kind', 'text', (c) => c.notNull())
      .addColumn('period_start', 'text', (c) => c.notNull())
      .addColumn('amount', t.money, (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addUniqueConstraint('quotas_owner_period_key', ['owner_kind', 'owner_id', 'period_kind', 'period_start'])
      .execute();
    // The forecast reads all quotas of one period at once.
    await index('quotas_period_idx', 'quotas', ['period_kind', 'period_start']);

    await db.schema.createTable('forecast_adjustments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('target_kind', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('period_kind', 'text', (c) => c.notNull())
      .addColumn('period_start', 'text', (c) => c.notNull())
      .addColumn('commit_amount', t.money, (c) => c.notNull())
      .addColumn('best_case_amount', t.money, (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('actor_id', 'text')
      .addColumn('created_at', t.time, (c) => c.notNull())
      .execute();
    await index('forecast_adjustments_target_idx', 'forecast_adjustments', ['period_kind', 'period_start', 'target_kind', 'target_id', 'created_at']);

    // Open deals expected to close in a period (or, undated, created in a window); won deals
    // by close time come from opportunities_closed_idx (status, closed_at).
    await index('opportunities_forecast_idx', 'opportunities', ['status', 'expected_close_date', 'created_at']);
    // The funnel takes the deals of one pipeline created in a period.
    await index('opportunities_pipeline_created_idx', 'opportunities', ['pipeline_id', 'created_at']);
    await index('opportunity_stage_history_stage_idx', 'opportunity_stage_history', ['stage_id', 'opportunity_id']);
  },
};
