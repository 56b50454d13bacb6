// The context every service call receives: who acts, on which database/transaction, at what time.
import type { Kysely, Transaction } from 'kysely';
import type { Locale } from '@kehu/shared';
import type { DB } from '../db/schema.js';
import type { Dialect } from './db/connect.js';
import type { Clock } from './clock.js';
import type { Actor } from './authz/actor.js';
import type { Config } from './config.js';

export type Executor = Kysely<DB> | Transaction<DB>;

export interface Platform {
  db: Kysely<DB>;
  dialect: Dialect;
  clock: Clock;
  config: Config;
}

export interface Ctx {
  readonly platform: Platform;
  readonly db: Executor;
  readonly actor: Actor | null;
  readonly locale: Locale;
  readonly requestId: string | null;
  readonly ip: string | null;
  /** Current time as the stored ISO string. */
  now(): string;
  /** Runs fn in one transaction (reusing the current one if there is one). */
  tx<T>(fn: (tx: Ctx) => Promise<T>): Promise<T>;
  /** Lookups that stay the same for one request or transaction (definitions, scope); writes to them clear it. */
  readonly memo: Map<string, Promise<unknown>>;
}

/** The value of fn, computed once per request or transaction. */
export function memoized<T>(ctx: Ctx, key: string, fn: () => Promise<T>): Promise<T> {
  let value = ctx.memo.get(key) as Promise<T> | undefined;
  if (!value) {
    value = fn();
    ctx.memo.set(key, value);
    value.catch(() => ctx.memo.delete(key));
  }
  return value;
}

export function createCtx(
  platform: Platform,
  init: { actor?: Actor | null; locale: Locale; requestId?: string | null; ip?: string | null; db?: Executor },
): Ctx {
  const db = init.db ?? platform.db;
  const inTx = db.isTransaction;
  const memo = new Map<string, Promise<unknown>>();
  const ctx: Ctx = {
    platform,
    db,
    actor: init.actor ?? null,
    locale: init.locale,
    requestId: init.requestId ?? null,
    ip: init.ip ?? null,
    now: () => platform.clock.now().toISOString(),
    memo,
    tx: (fn) => (inTx ? fn(ctx) : platform.db.transaction().execute((trx) => fn(createCtx(platform, { ...init, db: trx })))),
  };
  return ctx;
}

/** A context for work the system does on its own (jobs, CLI, startup). */
export function systemCtx(platform: Platform, locale: Locale = 'zh-CN'): Ctx {
  return createCtx(platform, { locale });
}
