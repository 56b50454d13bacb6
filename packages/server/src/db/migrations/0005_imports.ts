// Stored files (uploads and export results, in chunks so any server of a cluster can read
// them), imports with the outcome of every row, and saved column mappings.
import type { Kysely } from 'kysely';
import type { KehuMigration } from './index.js';

export const migration: KehuMigration = {
  async up(db: Kysely<any>, dialect) {
    const t = dialect === 'postgres'
      ? { time: 'timestamptz', json: 'jsonb', blob: 'bytea' } as const
      : { time: 'text', json: 'text', blob: 'blob' } as const;

    await db.schema.createTable('files')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('expires_at', t.time)
      .execute();
    await db.schema.createTable('file_chunks')
      .addColumn('file_id', 'text', (c) => c.notNull().references('files.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('data', t.blob, (c) => c.notNull())
      .addPrimaryKeyConstraint('file_chunks_pk', ['file_id', 'seq'])
      .execute();

    await db.schema.createTable('imports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('object', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('file_id', 'text', (c) => c.references('files.id').onDelete('set null'))
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('encoding', 'text')
      .addColumn('headers', t.json, (c) => c.notNull())
      .addColumn('total_rows', 'integer', (c) => c.notNull())
      .addColumn('mapping', t.json)
      .addColumn('duplicate_mode', 'text')
      .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('skipped_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('rejected_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('undo_kept', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('error', 'text')
      .addColumn('started_at', t.time)
      .addColumn('finished_at', t.time)
      .addColumn('undone_at', t.time)
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema.createIndex('imports_created_by').on('imports').columns(['created_by', 'created_at']).execute();

    await db.schema.createTable('import_rows')
      .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id').onDelete('cascade'))
      .addColumn('row_no', 'integer', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('record_id', 'text')
      .addColumn('record_version', 'integer')
      .addColumn('reasons', t.json)
      .addColumn('raw', t.json)
      .addColumn('before', t.json)
      .addPrimaryKeyConstraint('import_rows_pk', ['import_id', 'row_no'])
      .execute();

    await db.schema.createTable('import_mappings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('object', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('columns', t.json, (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', t.time, (c) => c.notNull())
      .addColumn('updated_at', t.time, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
  },
};
