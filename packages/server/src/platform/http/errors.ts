// Every error the API can answer, with its HTTP status. Throw only these.
import type { MessageKey } from '../i18n/index.js';

export const errorCodes = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  'auth.invalid_credentials': 401,
  'auth.user_disabled': 401,
  'auth.csrf_failed': 403,
  permission_denied: 403,
  not_found: 404,
  route_not_found: 404,
  version_conflict: 409,
  /** 撞单: the customer or lead is already worked by another rep. */
  ownership_conflict: 409,
  'idempotency.in_progress': 409,
  'setup.already_done': 409,
  'user.email_taken': 409,
  'role.name_taken': 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  'idempotency.mismatch': 422,
  'user.last_admin': 422,
  'role.admin_locked': 422,
  'team.cycle': 422,
  'import.bad_file': 422,
  'import.unsupported_format': 415,
  'import.empty': 422,
  'import.wrong_state': 409,
  'import.missing_required': 422,
  'password.wrong': 422,
  version_required: 428,
  'auth.throttled': 429,
  rate_limited: 429,
  internal: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorCodes;
export type ObjectName = 'user' | 'team' | 'role' | 'api_key' | 'session' | 'organization' | 'customer' | 'contact' | 'record' | 'import' | 'file' | 'activity' | 'task' | 'comment' | 'opportunity' | 'pipeline' | 'lead' | 'lead_form' | 'quota' | 'customer_pool';

export interface FieldIssue {
  path: string;
  code: string;
  /** An i18n key under `validation.` (without the prefix). */
  messageKey: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly fields: FieldIssue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(code);
    this.status = errorCodes[code];
  }
  get titleKey(): MessageKey {
    return `errors.${this.code}` as MessageKey;
  }
}

export const errors = {
  notFound: (object: ObjectName) => new AppError('not_found', { object }),
  forbidden: () => new AppError('permission_denied'),
  unauthenticated: () => new AppError('unauthenticated'),
  versionConflict: (current: number) => new AppError('version_conflict', { current }),
  /** A well-formed request whose fields break a rule only the server can check. */
  invalidFields: (...fields: FieldIssue[]) => new AppError('validation_failed', {}, fields),
};
