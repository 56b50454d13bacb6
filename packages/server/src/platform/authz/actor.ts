// Who is acting: a user via session or API key, with effective permissions and record scopes.
import type { Locale, RecordScope, ScopedObject } from '@kehu/shared';

export interface Actor {
  userId: string;
  name: string;
  email: string;
  teamId: string | null;
  isAdmin: boolean;
  locale: Locale | null;
  /** Effective permissions: the roles' union, narrowed by an API key's scopes. */
  permissions: ReadonlySet<string>;
  /** The widest scope any of the roles grants per object. */
  scopes: Partial<Record<ScopedObject, RecordScope>>;
  via: 'session' | 'api_key' | 'job';
  sessionId: string | null;
  apiKeyId: string | null;
}

const scopeRank: Record<RecordScope, number> = { own: 0, team: 1, all: 2 };

export function widestScope(a: RecordScope | undefined, b: RecordScope | undefined): RecordScope | undefined {
  if (!a) return b;
  if (!b) return a;
  return scopeRank[a] >= scopeRank[b] ? a : b;
}
