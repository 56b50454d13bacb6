// Applies pending migrations with Kysely's migrator (which locks, so concurrent starts are safe).
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { migrations } from '../../db/migrations/index.js';
import type { Database } from './connect.js';

export async function migrateToLatest(database: Database): Promise<string[]> {
  const { db, dialect } = database;
  const provider = {
    async getMigrations(): Promise<Record<string, Migration>> {
      return Object.fromEntries(
        Object.entries(migrations).map(([name, m]) => [name, { up: (k: Kysely<any>) => m.up(k, dialect) }]),
      );
    },
  };
  // Kysely looks for its bookkeeping tables in every schema; on PostgreSQL pin it to
  // the schema in use, so that several Kehu databases can share one server.
  const migrationTableSchema =
    dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  // The CamelCasePlugin must not rename Kysely's own bookkeeping tables.
  const migrator = new Migrator({ db: db.withoutPlugins(), provider, migrationTableSchema });
  // Kysely's migration lock is a no-op on SQLite. When two processes start on one file,
  // the loser's transaction rolls back; trying again then finds the work done.
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    if (dialect === 'postgres' || attempt >= 5) throw error instanceof Error ? error : new Error(String(error));
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
  }
}
