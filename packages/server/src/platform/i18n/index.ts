// Server-side translation: error titles, field messages, e-mails. The web app has its own files.
import { locales, type Locale } from '@kehu/shared';
import { z } from 'zod';
import { messages as enUS } from './en-US.js';
import { messages as zhCN } from './zh-CN.js';
import { messages as zhTW } from './zh-TW.js';

export type MessageKey = keyof typeof enUS;
export const catalogs: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'zh-TW': zhTW, 'en-US': enUS };
export const defaultLocale: Locale = 'zh-CN';

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(enUS, key);
}

export function translate(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogs[locale][key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

const zodLocales = { 'zh-CN': z.locales.zhCN(), 'zh-TW': z.locales.zhTW(), 'en-US': z.locales.en() };

type Issue = { code: string; message: string } & Record<string, unknown>;

/** Our wording for the common Zod issues; null leaves the issue to Zod's own translation. */
function commonIssue(issue: Issue): { key: MessageKey; params?: Record<string, string | number> } | null {
  const { code, origin, format } = issue;
  const minimum = Number(issue.minimum);
  const maximum = Number(issue.maximum);
  switch (code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? { key: 'validation.required' } : { key: 'validation.type' };
    case 'too_small':
      if (origin === 'string') return minimum <= 1 ? { key: 'validation.required' } : { key: 'validation.min_chars', params: { minimum } };
      if (origin === 'array' || origin === 'set') return { key: 'validation.min_items', params: { minimum } };
      return { key: 'validation.min_number', params: { minimum } };
    case 'too_big':
      if (origin === 'string') return { key: 'validation.max_chars', params: { maximum } };
      if (origin === 'array' || origin === 'set') return { key: 'validation.max_items', params: { maximum } };
      return { key: 'validation.max_number', params: { maximum } };
    case 'invalid_format':
      if (format === 'email') return { key: 'validation.email' };
      if (format === 'uuid') return { key: 'validation.uuid' };
      if (format === 'datetime') return { key: 'validation.datetime' };
      return { key: 'validation.format' };
    case 'invalid_value':
      return { key: 'validation.option' };
    case 'unrecognized_keys':
      return { key: 'validation.unknown_field' };
  }
  return null;
}

/** A field message for one Zod issue: the key the schema named, our wording for common issues, else Zod's translation. */
export function translateIssue(locale: Locale, issue: Issue): string {
  const named = `validation.${issue.message}`;
  if (isMessageKey(named)) return translate(locale, named);
  const common = commonIssue(issue);
  if (common) return translate(locale, common.key, common.params);
  const text = zodLocales[locale].localeError?.(issue as never);
  if (typeof text === 'string') return text;
  return text?.message ?? issue.message;
}

/** Picks the best supported locale from an Accept-Language header. */
export function negotiateLocale(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const exact = locales.find((l) => l.toLowerCase() === tag);
    if (exact) return exact;
    if (tag === 'zh-hant' || tag.startsWith('zh-hant') || tag === 'zh-hk' || tag === 'zh-mo') return 'zh-TW';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en-US';
  }
  return null;
}
