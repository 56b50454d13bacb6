import { describe, expect, it } from 'vitest';
import { errorCodes } from '../http/errors.js';
import { catalogs, isMessageKey, negotiateLocale, translate } from './index.js';

describe('server messages', () => {
  it('have the same keys, all non-empty, in zh-CN, zh-TW and en-US', () => {
    const keys = Object.keys(catalogs['en-US']).sort();
    for (const locale of ['zh-CN', 'zh-TW'] as const) {
      expect(Object.keys(catalogs[locale]).sort()).toEqual(keys);
    }
    for (const catalog of Object.values(catalogs)) {
      for (const [key, text] of Object.entries(catalog)) expect(text.trim(), key).not.toBe('');
    }
  });

  it('give every error code a title', () => {
    for (const code of Object.keys(errorCodes)) expect(isMessageKey(`errors.${code}`), code).toBe(true);
  });

  it('use Traditional characters in zh-TW', () => {
    expect(translate('zh-TW', 'errors.unauthenticated')).toBe('請先登入');
    expect(translate('zh-CN', 'errors.unauthenticated')).toBe('请先登录');
  });

  it('negotiate Accept-Language', () => {
    expect(negotiateLocale('zh-TW,zh;q=0.9')).toBe('zh-TW');
    expect(negotiateLocale('zh-HK')).toBe('zh-TW');
    expect(negotiateLocale('zh')).toBe('zh-CN');
    expect(negotiateLocale('fr-FR, en;q=0.5')).toBe('en-US');
    expect(negotiateLocale('de-DE')).toBeNull();
    expect(negotiateLocale(undefined)).toBeNull();
  });
});
