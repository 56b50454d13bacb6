// Indexes for the board and the opportunity list at scale. The board's column totals (count,
// amount, weighted amount per stage) read one covering index instead of every deal's row: at
// 500,000 deals 1.7 s became 0.1 s on SQLite. Stage comes first so that lists of one pipeline
// by last update keep their own index. The list's amount and close-date sorts read in order.
import type { Kysely } from 'kysely';
import type { KehuMigration } from './index.js';

export const migration: KehuMigration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('opportunities_board_totals_idx').on('opportunities')
      .columns(['stage_id', 'pipeline_id', 'deleted_at', 'currency', 'amount', 'probability']).execute();
    await db.schema.createIndex('opportunities_amount_idx').on('opportunities').columns(['amount', 'id']).execute();
    await db.schema.createIndex('opportunities_close_date_idx').on('opportunities').columns(['expected_close_date', 'id']).execute();
  },
};
