// The few places where SQLite and PostgreSQL differ, each with both branches.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Dialect } from './connect.js';

/** JSON columns come back as text on SQLite and as values on PostgreSQL. */
export function fromJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** Normalizes any ISO 8601 instant to the one stored form (UTC, milliseconds, Z), so text comparison on SQLite orders correctly. */
export function toDbTime(value: string | Date): string {
  return (typeof value === 'string' ? new Date(value) : value).toISOString();
}

/** Row locking for queue-style claims: PostgreSQL skips rows another worker holds; SQLite serializes writers anyway. */
export function supportsSkipLocked(dialect: Dialect): boolean {
  return dialect === 'postgres';
}

/** Case-insensitive substring match with the user's % and _ taken literally (ESCAPE works on both). */
export function containsText(column: string, text: string): RawBuilder<SqlBool> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

/** A JSON array column holds the value: json_each on SQLite, the @> operator on PostgreSQL. */
export function jsonArrayContains(dialect: Dialect, column: string, value: string): RawBuilder<SqlBool> {
  return dialect === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} @> ${JSON.stringify([value])}::jsonb`
    : sql<SqlBool>`exists (select 1 from json_each(${sql.ref(column)}) where value = ${value})`;
}
