// Keyset pagination: a cursor is the last row's sort key, so pages never scan with OFFSET.
import { AppError } from './errors.js';

export type CursorKey = (string | number | null)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, length: number): CursorKey | null {
  if (!cursor) return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === length && key.every((v) => v === null || ['string', 'number'].includes(typeof v))) {
      return key as CursorKey;
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', {}, [{ path: 'cursor', code: 'invalid_cursor', messageKey: 'cursor.invalid' }]);
}

/** Cuts the extra row a query fetched (limit + 1) and makes the next cursor from the last kept row. */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => CursorKey, map: (row: R) => T) {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  return { data: kept.map(map), nextCursor: more && last ? encodeCursor(keyOf(last)) : null };
}
