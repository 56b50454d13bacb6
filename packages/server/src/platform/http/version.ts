// Optimistic locking: the version a client edited comes as If-Match or a body field.
import { AppError } from './errors.js';

export function expectedVersion(ifMatch: string | undefined, bodyVersion: number | undefined): number {
  if (ifMatch !== undefined) {
    const n = Number(ifMatch.replace(/^W\//, '').replace(/"/g, '').trim());
    if (!Number.isInteger(n) || n < 1) {
      throw new AppError('validation_failed', {}, [{ path: 'If-Match', code: 'invalid', messageKey: 'version.invalid' }]);
    }
    return n;
  }
  if (bodyVersion !== undefined) return bodyVersion;
  throw new AppError('version_required');
}

export const etag = (version: number) => `"${version}"`;
