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

/** Case-insensitive substring match on a column, the user's % and _ taken literally (ESCAPE works on both). */
export function containsText(column: string, text: string): RawBuilder<SqlBool> {
  return containsTextIn(sql.ref(column), text);
}

/** A value inside a JSON column, as text or as a number (null when absent). */
export function jsonValue(dialect: Dialect, column: string, path: string[], as: 'text' | 'number'): RawBuilder<unknown> {
  if (dialect === 'postgres') {
    const text = sql`${sql.ref(column)} #>> ${`{${path.join(',')}}`}::text[]`;
    return as === 'number' ? sql`(${text})::numeric` : text;
  }
  const jsonPath = `$${path.map((p) => `."${p}"`).join('')}`;
  // json_extract gives SQLite numbers for JSON numbers, text for strings, 1/0 for booleans.
  return as === 'number' ? sql`json_extract(${sql.ref(column)}, ${jsonPath})` : sql`cast(json_extract(${sql.ref(column)}, ${jsonPath}) as text)`;
}

/** A JSON boolean inside a JSON column equals the given value. */
export function jsonBoolean(dialect: Dialect, column: string, path: string[], value: boolean): RawBuilder<SqlBool> {
  if (dialect === 'postgres') return sql<SqlBool>`${sql.ref(column)} #> ${`{${path.join(',')}}`}::text[] = ${JSON.stringify(value)}::jsonb`;
  return sql<SqlBool>`json_extract(${sql.ref(column)}, ${`$${path.map((p) => `."${p}"`).join('')}`}) = ${value ? 1 : 0}`;
}

/** The JSON array at a path (or the whole column) holds the value. */
export function jsonArrayHas(dialect: Dialect, column: string, path: string[], value: string): RawBuilder<SqlBool> {
  if (dialect === 'postgres') {
    const target = path.length ? sql`${sql.ref(column)} #> ${`{${path.join(',')}}`}::text[]` : sql.ref(column);
    return sql<SqlBool>`coalesce(${target} @> ${JSON.stringify([value])}::jsonb, false)`;
  }
  const jsonPath = `$${path.map((p) => `."${p}"`).join('')}`;
  return sql<SqlBool>`exists (select 1 from json_each(${sql.ref(column)}, ${jsonPath}) where value = ${value})`;
}

/** How many items the JSON array at a path (or the whole column) has; 0 when absent. */
export function jsonArrayLength(dialect: Dialect, column: string, path: string[]): RawBuilder<number> {
  if (dialect === 'postgres') {
    const target = path.length ? sql`${sql.ref(column)} #> ${`{${path.join(',')}}`}::text[]` : sql.ref(column);
    return sql<number>`coalesce(jsonb_array_length(case when jsonb_typeof(${target}) = 'array' then ${target} end), 0)`;
  }
  const jsonPath = `$${path.map((p) => `."${p}"`).join('')}`;
  return sql<number>`coalesce(json_array_length(${sql.ref(column)}, ${jsonPath}), 0)`;
}

/**
 * Substring match on a column stored lower-cased (search text). Leaving out lower() lets
 * PostgreSQL estimate the match from the column's statistics, so a common word is read in
 * sort order instead of being collected and sorted.
 */
export function containsInLowered(column: string, text: string): RawBuilder<SqlBool> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`;
}

/** A time column with empty values read as the far future, so they sort last and still page by keyset. */
export function timeOrLast(dialect: Dialect, column: string): RawBuilder<string> {
  const last = '9999-12-31T00:00:00.000Z';
  return dialect === 'postgres' ? sql<string>`coalesce(${sql.ref(column)}, ${last}::timestamptz)` : sql<string>`coalesce(${sql.ref(column)}, ${last})`;
}

/** Case-insensitive substring match on any text expression, the user's % and _ taken literally. */
export function containsTextIn(expr: RawBuilder<unknown>, text: string): RawBuilder<SqlBool> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${expr}) like ${pattern} escape '\\'`;
}

/** Days (with the fraction) from one time column to another, e.g. a deal's creation to its close. */
export function daysBetween(dialect: Dialect, from: string, to: string): RawBuilder<number> {
  if (dialect === 'postgres') return sql<number>`extract(epoch from (${sql.ref(to)} - ${sql.ref(from)})) / 86400.0`;
  return sql<number>`(julianday(${sql.ref(to)}) - julianday(${sql.ref(from)}))`;
}
